package org.jsnm.attend.app

import kotlinx.coroutines.runBlocking
import org.jsnm.attend.EntryStatus
import org.jsnm.attend.testing.TestServer
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Screens ⑤ and ⑥: scanning in a hall without network, the banner, sync, the credit tally. */
class OfflineFlowTest {
    private val desk = "出席受付"
    private val deskCredit = 10u

    @Test
    fun `an offline scan waits with a banner, then syncs and is confirmed when back online`() = Phone().use { phone ->
        phone.logIn()
        val model = phone.model
        model.selectTab(Tab.CREDITS)
        val before = model.credits.state.awaitBlocking("the credit tab") { it.view != null }.view!!
        assertTrue(before.certifications.isNotEmpty(), "the member's certification is listed")

        model.networkChanged(false)
        val offline = model.banner.awaitBlocking("the offline banner") { it.offline && it.syncState == "offline" }
        assertEquals(model.labels.offlineBanner, offline.offlineText)
        assertTrue(offline.visible)

        model.selectTab(Tab.READER)
        runBlocking { model.reader.scanText(phone.server.deskCode).join() }
        val result = model.result.state.value ?: throw AssertionError("the offline scan's result")
        assertTrue(result.pending, "recorded on the device, not yet sent")
        assertEquals(model.labels.status, result.fields.last().label)

        val waiting = model.banner.awaitBlocking("one scan waiting") { it.waiting == 1uL && it.waitingText != null }
        assertTrue(waiting.offline)
        assertTrue(waiting.waitingText!!.contains("1"), waiting.waitingText)
        val home = model.home.state.awaitBlocking("the pending entry on Home") { state ->
            state.view?.entries?.any { it.sessionTitle == desk } == true
        }.view!!
        val entry = home.entries.single { it.sessionTitle == desk }
        assertEquals(EntryStatus.PENDING, entry.status)
        assertEquals(waiting.waitingText, home.waitingText)

        model.selectTab(Tab.CREDITS)
        val pending = model.credits.state.awaitBlocking("the scan counted as pending") {
            it.view?.pendingTotal == before.pendingTotal + deskCredit
        }.view!!
        assertEquals(before.confirmedTotal, pending.confirmedTotal)
        val cert = pending.certifications.first()
        assertTrue(cert.pending >= deskCredit, "progress counts the pending scan: ${cert.progressText}")
        assertTrue(cert.progressText.isNotBlank())

        model.networkChanged(true)
        val synced = model.banner.awaitBlocking("the banner gone after sync") {
            !it.offline && it.waiting == 0uL && it.syncState == "idle"
        }
        assertFalse(synced.visible)
        model.home.state.awaitBlocking("the entry confirmed") { state ->
            state.view?.entries?.single { it.sessionTitle == desk }?.status == EntryStatus.CONFIRMED
        }
        val confirmed = model.credits.state.awaitBlocking("the credit tab after sync") {
            it.view?.confirmedTotal == before.confirmedTotal + deskCredit
        }.view!!
        assertEquals(before.pendingTotal, confirmed.pendingTotal)
        assertTrue(confirmed.certifications.first().confirmed >= deskCredit)
    }

    @Test
    fun `with the server gone the scan waits and the sync line says why`() {
        TestServer.start().use { server ->
            Phone(server = server).use { phone ->
                phone.logIn()
                val model = phone.model
                server.close()

                model.selectTab(Tab.READER)
                runBlocking { model.reader.scanText(server.deskCode).join() }
                assertTrue(model.result.state.value?.pending == true, "kept on the device")
                val failed = model.banner.awaitBlocking("the failed attempt on the sync line") {
                    it.waiting == 1uL && it.lastError != null && it.syncState != "syncing"
                }
                assertNotNull(failed.waitingText)
                assertFalse(failed.offline, "the platform still says online")

                runBlocking { model.home.syncNow().join() }
                val home = model.home.state.value
                assertFalse(home.busy)
                assertNotNull(home.message, "the failed sync says why")
                assertEquals(Screen.Result::class, model.screen.value::class)

                model.networkChanged(false)
                assertTrue(model.banner.value.offline)
            }
        }
    }
}
