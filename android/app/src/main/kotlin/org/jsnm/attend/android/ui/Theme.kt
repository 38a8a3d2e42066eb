package org.jsnm.attend.android.ui

import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.ui.graphics.Color

// Fixed colours rather than the wallpaper's dynamic ones: members compare the result
// screen with a colleague's phone and with the manual's pictures, so it looks the same
// everywhere. Dark mode follows the system setting.
private val Navy = Color(0xFF1D4E89)
private val Sky = Color(0xFFA7C8FF)

private val LightColors = lightColorScheme(
    primary = Navy,
    onPrimary = Color.White,
    secondary = Color(0xFF4A6078),
    error = Color(0xFFB3261E),
)

private val DarkColors = darkColorScheme(
    primary = Sky,
    onPrimary = Color(0xFF00315F),
    secondary = Color(0xFFB4C8E4),
    error = Color(0xFFF2B8B5),
)

@Composable
fun AttendTheme(dark: Boolean = isSystemInDarkTheme(), content: @Composable () -> Unit) {
    MaterialTheme(colorScheme = if (dark) DarkColors else LightColors, content = content)
}
