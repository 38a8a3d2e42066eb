package org.jsnm.attend.android.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.imePadding
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.KeyboardActions
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalUriHandler
import androidx.compose.ui.semantics.LiveRegionMode
import androidx.compose.ui.semantics.liveRegion
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import org.jsnm.attend.UiLabels
import org.jsnm.attend.app.LoginViewModel

/**
 * App step ②: the member page's number and password. A forgotten password is reset on the
 * member page, not here, so the link goes there.
 */
@Composable
fun LoginScreen(labels: UiLabels, login: LoginViewModel) {
    val state by login.state.collectAsState()
    val uriHandler = LocalUriHandler.current

    Surface(Modifier.fillMaxSize()) {
        Column(
            Modifier
                .fillMaxSize()
                .safeDrawingPadding()
                .imePadding()
                .verticalScroll(rememberScrollState())
                .padding(24.dp),
            verticalArrangement = Arrangement.spacedBy(16.dp),
        ) {
            Text(labels.appName, style = MaterialTheme.typography.headlineSmall, modifier = Modifier.screenHeading())
            Text(labels.loginTitle, style = MaterialTheme.typography.titleMedium, modifier = Modifier.screenHeading())
            Text(labels.loginIntro, style = MaterialTheme.typography.bodyMedium)

            OutlinedTextField(
                value = state.memberNumber,
                onValueChange = login::onMemberNumber,
                label = { Text(labels.memberNumber) },
                singleLine = true,
                enabled = !state.busy,
                keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Ascii, imeAction = ImeAction.Next),
                // The label slot is the field's accessible name; a contentDescription here
                // would make TalkBack read it instead of what the member typed.
                modifier = Modifier.fillMaxWidth(),
            )
            OutlinedTextField(
                value = state.password,
                onValueChange = login::onPassword,
                label = { Text(labels.password) },
                singleLine = true,
                enabled = !state.busy,
                visualTransformation = PasswordVisualTransformation(),
                keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Password, imeAction = ImeAction.Done),
                keyboardActions = KeyboardActions(onDone = { if (!state.busy) login.submit() }),
                modifier = Modifier.fillMaxWidth(),
            )

            state.error?.let { error ->
                Text(
                    error,
                    color = MaterialTheme.colorScheme.error,
                    // Read out at once: the member pressed the button and waits for an answer.
                    modifier = Modifier.semantics { liveRegion = LiveRegionMode.Assertive },
                )
            }
            state.info?.let { info ->
                Text(info, modifier = Modifier.semantics { liveRegion = LiveRegionMode.Polite })
            }

            val buttonLabel = if (state.busy) labels.loggingIn else labels.loginButton
            Button(
                onClick = { login.submit() },
                enabled = !state.busy,
                modifier = Modifier.fillMaxWidth().height(52.dp).spoken(buttonLabel),
            ) {
                if (state.busy) {
                    CircularProgressIndicator(Modifier.height(20.dp), strokeWidth = 2.dp)
                }
                Text(buttonLabel, modifier = Modifier.padding(start = if (state.busy) 8.dp else 0.dp))
            }

            TextButton(
                onClick = { uriHandler.openUri(labels.memberPageUrl) },
                modifier = Modifier.spoken(labels.forgotPassword),
            ) {
                Text(labels.forgotPassword)
            }
        }
    }
}
