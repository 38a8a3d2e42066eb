// The Android shell. It holds no screen logic (that is :viewmodel) and no app logic (that
// is the Rust core, loaded through JNA from jniLibs): it renders state, hands camera
// frames over and supplies the platform services (Keystore, connectivity, WorkManager).
plugins {
    alias(libs.plugins.android.application)
    // Kotlin itself is built into AGP 9; only the Compose compiler plugin is added.
    alias(libs.plugins.kotlin.compose)
}

// The society's server; a debug build may point elsewhere with
// `./gradlew assembleDebug -Pattend.serverUrl=https://…`.
val serverUrl = providers.gradleProperty("attend.serverUrl")
    .getOrElse("https://attend.jsnm.or.jp")

android {
    namespace = "org.jsnm.attend"
    // Compose 1.12 needs a recent compileSdk; the behaviour targets API 35.
    compileSdk = 36

    defaultConfig {
        applicationId = "org.jsnm.attend"
        minSdk = 26
        targetSdk = 35
        versionCode = 1
        versionName = "0.1.0"
        // Read by AttendApplication from the manifest's meta-data, not BuildConfig, so
        // that class also compiles in the JVM check (android/compile-check).
        manifestPlaceholders["attendServerUrl"] = serverUrl
        ndk {
            // The ABIs build-rust.sh builds; anything else would install without the core.
            abiFilters += listOf("arm64-v8a", "armeabi-v7a", "x86_64")
        }
    }

    buildTypes {
        release {
            isMinifyEnabled = false
        }
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    // build-rust.sh puts libattend_ffi.so per ABI in src/main/jniLibs (the default
    // folder; gitignored).

    packaging {
        // JNA's AAR ships its own libjnidispatch.so per ABI; keep them uncompressed
        // like the core's library so both load straight from the APK.
        jniLibs.useLegacyPackaging = false
    }
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    // The screen logic and, through it, the generated bindings (package org.jsnm.attend):
    // :viewmodel owns the generated source dir, so it is not added here again.
    implementation(project(":viewmodel"))
    // uniffi's Kotlin calls the core through JNA; on Android that is the AAR with the
    // native dispatch libraries (the desktop jar that :viewmodel compiles against has none).
    implementation("net.java.dev.jna:jna:${libs.versions.jna.get()}@aar")
    implementation(libs.coroutines.android)

    implementation(platform(libs.compose.bom))
    implementation(libs.compose.ui)
    implementation(libs.compose.foundation)
    implementation(libs.compose.material3)
    debugImplementation(libs.compose.ui.tooling)
    implementation(libs.activity.compose)
    implementation(libs.core)
    implementation(libs.lifecycle.runtime.compose)
    implementation(libs.lifecycle.process)

    implementation(libs.camera.core)
    implementation(libs.camera.camera2)
    implementation(libs.camera.lifecycle)
    implementation(libs.camera.view)

    implementation(libs.work.runtime)

    // app/src/test: plain-JVM tests of the platform glue that needs no device (LumaPlane).
    testImplementation(libs.junit)
}
