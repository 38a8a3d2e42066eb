// Plugin versions for both modules, applied in each module's own build file. AGP 9
// compiles the app's Kotlin itself (built-in Kotlin, no kotlin-android plugin); declaring
// the Kotlin Gradle plugin here (for :viewmodel) also sets the Kotlin version AGP uses,
// so both modules compile with the same Kotlin.
plugins {
    alias(libs.plugins.android.application) apply false
    alias(libs.plugins.kotlin.compose) apply false
    alias(libs.plugins.kotlin.jvm) apply false
}
