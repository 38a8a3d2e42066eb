// The member app: `:app` is the Android shell (Compose screens, CameraX, Keystore,
// WorkManager); `:viewmodel` is the plain-Kotlin screen logic over the generated core
// bindings, kept free of Android types so it is unit-tested on the JVM.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "attend-android"
include(":app", ":viewmodel")
