package org.jsnm.attend.android.ui

import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.SolidColor
import androidx.compose.ui.graphics.PathFillType
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.graphics.vector.PathBuilder
import androidx.compose.ui.graphics.vector.path
import androidx.compose.ui.unit.dp

/**
 * The three tab icons, drawn here in a 24-unit box: the Material icon library is not worth
 * a dependency for three shapes, and vector resources would need the generated `R` class,
 * which the JVM compile check does not have. The tint comes from the navigation bar.
 */
internal object TabIcons {
    /** A house: ホーム. */
    val Home: ImageVector = icon("home") {
        moveTo(12f, 3f)
        lineTo(2f, 12f)
        lineTo(5f, 12f)
        lineTo(5f, 21f)
        lineTo(10f, 21f)
        lineTo(10f, 15f)
        lineTo(14f, 15f)
        lineTo(14f, 21f)
        lineTo(19f, 21f)
        lineTo(19f, 12f)
        lineTo(22f, 12f)
        close()
    }

    /** Three finder squares and a dot, like a QR code: QRリーダー. */
    val Reader: ImageVector = icon("reader") {
        finder(3f, 3f)
        finder(14f, 3f)
        finder(3f, 14f)
        square(15f, 15f, 3f)
        square(18f, 18f, 3f)
    }

    /** Rising bars: 単位確認. */
    val Credits: ImageVector = icon("credits") {
        square(4f, 14f, 4f, height = 7f)
        square(10f, 9f, 4f, height = 12f)
        square(16f, 4f, 4f, height = 17f)
    }

    private fun icon(name: String, draw: PathBuilder.() -> Unit): ImageVector =
        ImageVector.Builder(
            name = name,
            defaultWidth = 24.dp,
            defaultHeight = 24.dp,
            viewportWidth = 24f,
            viewportHeight = 24f,
        ).path(
            fill = SolidColor(Color.Black),
            // Even-odd, so a square drawn inside another cuts a hole (the finder rings).
            pathFillType = PathFillType.EvenOdd,
            pathBuilder = draw,
        ).build()

    private fun PathBuilder.square(
        x: Float,
        y: Float,
        width: Float,
        height: Float = width,
    ) {
        moveTo(x, y)
        horizontalLineTo(x + width)
        verticalLineTo(y + height)
        horizontalLineTo(x)
        close()
    }

    /** A 7-unit finder pattern: a ring (even-odd filled) around a 3-unit centre. */
    private fun PathBuilder.finder(x: Float, y: Float) {
        square(x, y, 7f)
        square(x + 1.5f, y + 1.5f, 4f)
        square(x + 2.5f, y + 2.5f, 2f)
    }
}
