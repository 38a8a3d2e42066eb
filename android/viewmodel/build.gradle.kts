// The screen logic of the Android shell as a plain Kotlin/JVM library: view-models over
// the generated core bindings and kotlinx-coroutines, no Android types, so the same code
// the app runs is unit-tested on a desktop JVM against the desktop build of the core.
//
// This module owns the generated bindings' source dir (package org.jsnm.attend); the app
// module gets them through `implementation(project(":viewmodel"))` and must not add the
// dir again. Generate them first (build-rust.sh, or bindings/tests/run.sh kotlin);
// `-Pattend.bindings.dir=/abs/path` points elsewhere.
plugins {
    alias(libs.plugins.kotlin.jvm)
}

val bindingsDir = providers.gradleProperty("attend.bindings.dir")
    .getOrElse(rootProject.file("../bindings/generated/kotlin").path)
val workspace = rootProject.file("..")

kotlin {
    jvmToolchain(17)
    sourceSets["main"].kotlin.srcDir(bindingsDir)
    // The loopback test server's launcher, shared with the bindings' own Kotlin tests.
    sourceSets["test"].kotlin.srcDir(File(workspace, "bindings/tests/kotlin-testserver"))
}

dependencies {
    // The view-models' StateFlows are part of their API. Versions as in pom.xml (the
    // JVM test build here) and gradle/libs.versions.toml.
    api("org.jetbrains.kotlinx:kotlinx-coroutines-core:1.11.0")
    // Compiling only: the app ships JNA's Android AAR; the tests use the desktop jar.
    compileOnly(libs.jna)
    testImplementation(libs.jna)
    testImplementation(platform("org.junit:junit-bom:5.14.1"))
    testImplementation("org.junit.jupiter:junit-jupiter")
    testRuntimeOnly("org.junit.platform:junit-platform-launcher")
    testImplementation("org.json:json:20260814")
}

// Same test run as run-tests.sh (Maven): the desktop library and the loopback server,
// built by `cargo build -p attend-ffi -p attend-ffi-testserver` in the workspace.
tasks.test {
    useJUnitPlatform()
    systemProperty("jna.library.path", File(workspace, "target/debug").path)
    systemProperty("attend.testserver", File(workspace, "target/debug/attend-ffi-testserver").path)
}
