package org.jsnm.attend.app

import kotlinx.coroutines.runBlocking
import org.jsnm.attend.EntryStatus
import org.jsnm.attend.testing.TestServer
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** A login the server stopped accepting (the office revoked it, or a logout elsewhere). */
class SignedOutTest {
    private val desk = "出席受付"

    // The revocation ends every login of the demo member: a server of its own.
    @Test
    fun `a revoked login returns to the form with the core's reason and the waiting scan survives`() =
        TestServer.start().use { server ->
            Phone(server = server).use { phone ->
                phone.logIn()
                val model = phone.model
                model.dismissReminder()

                // In a hall without network, the desk's code is recorded on the device.
                model.networkChanged(false)
                model.banner.awaitBlocking("the offline banner") { it.offline && it.syncState == "offline" }
                model.selectTab(Tab.READER)
                runBlocking { model.reader.scanText(server.deskCode).join() }
                assertTrue(model.result.state.value?.pending == true, "recorded on the device, not yet sent")
                model.result.backHome()
                model.banner.awaitBlocking("one scan waiting") { it.waiting == 1uL }

                assertEquals("ok revoke-tokens", server.command("revoke-tokens"))
                model.networkChanged(true)
                runBlocking { model.home.syncNow().join() }

                model.screen.awaitBlocking("the login form after the 401") { it == Screen.Login }
                val status = model.app.syncStatus()
                assertEquals("signed_out", status.state)
                val said = required(status.lastError, "the core's reason for the signed-out state")
                val form = model.login.state.value
                val info = required(form.info ?: form.error, "the reason on the login form")
                assertTrue(info.isNotBlank())
                assertEquals(said, info, "the form shows what the core says")
                assertEquals(server.memberNumber, form.memberNumber, "the form keeps the member number")
                assertEquals("signed_out", model.banner.value.syncState)
                assertNull(phone.tokens.token, "the dead token left the platform's store")
                assertNull(model.account.value)
                assertNull(model.home.state.value.view, "nothing of the member stays on screen")
                // The waiting count is the logged-in member's, so it reads 0 now that the core
                // has forgotten the account; the scan itself stays on the device and is sent
                // after the next login (checked below).

                // The process restarts: the login is forgotten on disk too, the scan is not.
                assertEquals(Screen.Login, phone.restart().screen.value)

                // Logging in again sends it.
                phone.logIn()
                val again = phone.model
                again.home.state.awaitBlocking("the desk's scan confirmed after the new login") { state ->
                    state.view?.entries?.singleOrNull { it.sessionTitle == desk }?.status == EntryStatus.CONFIRMED
                }
                again.banner.awaitBlocking("nothing waiting") { it.waiting == 0uL && it.syncState == "idle" }
                assertTrue(phone.tokens.token != null, "the new login's token is stored")
            }
        }
}
