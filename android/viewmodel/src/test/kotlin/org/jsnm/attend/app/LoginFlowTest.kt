package org.jsnm.attend.app

import java.nio.file.Files
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.runBlocking
import org.jsnm.attend.AppSettings
import org.jsnm.attend.Locale
import org.jsnm.attend.localeFromTag
import org.jsnm.attend.testing.TestServer
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Screen ① and the way out of the app: login, its refusals, the reminder, logout. */
class LoginFlowTest {
    @Test
    fun `a fresh install opens on the login form with the core's labels`() = Phone().use { phone ->
        val model = phone.model
        assertEquals(Screen.Login, model.screen.value)
        assertNull(model.account.value)
        assertEquals("ログイン", model.labels.loginButton)
        assertEquals("${phone.server.url}/member/login", model.labels.memberPageUrl)
        assertFalse(model.login.state.value.busy)
    }

    @Test
    fun `the temporary password opens Home with the reminder and its deadline`() = Phone().use { phone ->
        phone.logIn()
        val model = phone.model
        val account = required(model.account.value)
        assertEquals(phone.server.memberNumber, account.memberNumber)
        assertTrue(account.headerNumber.contains(phone.server.memberNumber), account.headerNumber)

        val reminder = required(model.reminder.value, "the reminder after a temporary-password login")
        val deadline = required(reminder.deadline, "the server knows the update deadline")
        assertTrue(reminder.text.contains(deadline), "the reminder names the deadline: ${reminder.text}")
        assertTrue(reminder.text.contains("仮パスワード"), reminder.text)
        assertEquals(model.labels.reminderTitle, reminder.title)
        assertEquals(model.labels.memberPageUrl, reminder.url)
        model.dismissReminder()
        assertNull(model.reminder.value)

        // The form forgets the password once it has logged in.
        assertEquals("", model.login.state.value.password)
        val home = model.home.state.awaitBlocking("the home view with the header") { it.view?.account != null }
        assertEquals(account.headerName, home.view!!.account!!.headerName)
        assertTrue(phone.tokens.token != null, "the token went to the platform's store")
    }

    @Test
    fun `a wrong password shows the core's reason in Japanese`() = Phone().use { phone ->
        val model = phone.model
        model.login.onMemberNumber(phone.server.memberNumber)
        model.login.onPassword("not-the-password")
        runBlocking { model.login.submit().join() }
        val state = model.login.state.value
        assertFalse(state.busy)
        val error = required(state.error, "a refused login says why")
        assertTrue(error.contains("パスワード"), error)
        assertEquals(Screen.Login, model.screen.value)
        assertNull(model.account.value)
        assertNull(phone.tokens.token)
        // Typing again clears the message.
        model.login.onPassword("x")
        assertNull(model.login.state.value.error)
    }

    @Test
    fun `a wrong password shows the core's reason in English on an English phone`() {
        val locale = localeFromTag("en-US")
        assertEquals(Locale.EN, locale)
        Phone(locale = locale).use { phone ->
            val model = phone.model
            assertEquals("Log in", model.labels.loginButton)
            model.login.onMemberNumber(phone.server.memberNumber)
            model.login.onPassword("not-the-password")
            runBlocking { model.login.submit().join() }
            val error = required(model.login.state.value.error)
            assertTrue(error.contains("password is wrong"), error)
            assertEquals(Screen.Login, model.screen.value)
        }
    }

    @Test
    fun `empty fields are refused by the core, not by the form`() = Phone().use { phone ->
        runBlocking { phone.model.login.submit().join() }
        val error = required(phone.model.login.state.value.error)
        assertTrue(error.isNotBlank())
        assertEquals(Screen.Login, phone.model.screen.value)
    }

    @Test
    fun `a locked keystore is an error on the form, not a crash`() {
        val server = TestServer.shared
        val dir = Files.createTempDirectory("attend-vm-locked")
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        val settings = AppSettings(dir.toString(), server.url, Locale.JA, true, null)
        AppModel(settings, LockedTokenStore(), scope).use { model ->
            model.login.onMemberNumber(server.memberNumber)
            model.login.onPassword(server.password)
            runBlocking { model.login.submit().join() }
            assertNotNull(model.login.state.value.error, "the keystore failure reaches the form")
            assertEquals(Screen.Login, model.screen.value)
            runBlocking { model.shutdown() }
        }
        scope.cancel()
        dir.toFile().deleteRecursively()
    }

    @Test
    fun `a restart keeps the member logged in and logout returns to the form`() = Phone().use { phone ->
        phone.logIn()
        // The process dies and comes back: straight to Home, without the form.
        val model = phone.restart()
        assertEquals(Screen.Main(Tab.HOME), model.screen.value)
        assertEquals(phone.server.memberNumber, model.account.value?.memberNumber)

        model.selectTab(Tab.CREDITS)
        assertEquals(Screen.Main(Tab.CREDITS), model.screen.value)
        runBlocking { model.home.logout().join() }
        assertEquals(Screen.Login, model.screen.value)
        assertNull(model.account.value)
        assertNull(model.home.state.value.view, "nothing of the member stays on screen")
        assertNull(model.credits.state.value.view)
        assertNull(phone.tokens.token, "the token left the platform's store")
        val info = required(model.login.state.value.info, "the logout's message on the form")
        assertTrue(info.contains("ログアウト"), info)
        assertEquals(phone.server.memberNumber, model.login.state.value.memberNumber)

        assertEquals(Screen.Login, phone.restart().screen.value, "logged out stays logged out")
        assertNotEquals(model, phone.model)
    }
}
