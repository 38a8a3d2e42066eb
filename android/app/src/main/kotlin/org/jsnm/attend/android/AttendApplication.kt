package org.jsnm.attend.android

import android.app.Application
import android.content.pm.PackageManager
import androidx.lifecycle.DefaultLifecycleObserver
import androidx.lifecycle.LifecycleOwner
import androidx.lifecycle.ProcessLifecycleOwner
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.MainScope
import org.jsnm.attend.AppSettings
import org.jsnm.attend.AttendException
import org.jsnm.attend.app.AppModel
import org.jsnm.attend.app.reasonText
import org.jsnm.attend.localeFromTag
import org.jsnm.attend.android.platform.Connectivity
import org.jsnm.attend.android.platform.KeystoreTokenStore
import org.jsnm.attend.android.sync.SyncWorker

/**
 * Owns the one [AppModel] of the process. It lives here, not in the activity, because the
 * core's database, background sync and the WorkManager worker outlive any activity
 * (rotation, the camera permission dialog, the app in the background).
 */
class AttendApplication : Application() {
    /** Null when the core could not open its data folder; [startupError] says why. */
    var model: AppModel? = null
        private set

    /** The core's own words for why it could not start (in the device's language). */
    var startupError: String? = null
        private set

    private var connectivity: Connectivity? = null

    override fun onCreate() {
        super.onCreate()
        val settings = AppSettings(
            dataDir = filesDir.absolutePath,
            serverUrl = serverUrl(),
            // The core words everything; it only needs to know which language.
            locale = localeFromTag(java.util.Locale.getDefault().toLanguageTag()),
            allowHttp = false,
            trustedRootPem = null,
        )
        val created = try {
            AppModel(settings, KeystoreTokenStore(this), MainScope(), Dispatchers.IO)
        } catch (e: AttendException) {
            startupError = e.reasonText
            null
        }
        model = created ?: return

        connectivity = Connectivity(this) { online -> created.networkChanged(online) }.also { it.start() }
        SyncWorker.schedulePeriodic(this)
        // Scans recorded while offline should reach the society even if the member never
        // opens the app again: when the app leaves the screen, a one-off sync is queued
        // that WorkManager runs as soon as there is a network.
        ProcessLifecycleOwner.get().lifecycle.addObserver(object : DefaultLifecycleObserver {
            override fun onStop(owner: LifecycleOwner) {
                if (created.banner.value.waiting > 0uL) SyncWorker.syncSoon(this@AttendApplication)
            }
        })
    }

    private fun serverUrl(): String {
        // From the manifest's meta-data (set per build in app/build.gradle.kts).
        val info = packageManager.getApplicationInfo(packageName, PackageManager.GET_META_DATA)
        return info.metaData?.getString(SERVER_URL_KEY) ?: DEFAULT_SERVER_URL
    }

    private companion object {
        const val SERVER_URL_KEY = "org.jsnm.attend.SERVER_URL"
        const val DEFAULT_SERVER_URL = "https://attend.jsnm.or.jp"
    }
}
