package org.jsnm.attend.android.platform

import android.content.Context
import android.net.ConnectivityManager
import android.net.Network
import android.net.NetworkCapabilities

/**
 * Tells the core when the phone goes on- or offline, for the offline banner and to sync
 * as soon as a network is back. "Online" means a network Android has validated as
 * reaching the internet: a venue's Wi-Fi behind a captive portal counts as offline, as
 * no scan would get through it.
 *
 * The callbacks come on a ConnectivityManager thread and repeat (capabilities change
 * often); only changes are passed on.
 */
class Connectivity(context: Context, private val onChange: (online: Boolean) -> Unit) {
    private val manager = context.applicationContext.getSystemService(ConnectivityManager::class.java)
    private val lock = Any()
    private var last: Boolean? = null

    private val callback = object : ConnectivityManager.NetworkCallback() {
        override fun onCapabilitiesChanged(network: Network, capabilities: NetworkCapabilities) {
            report(capabilities.isOnline())
        }

        override fun onLost(network: Network) {
            report(false)
        }

        override fun onUnavailable() {
            report(false)
        }
    }

    /** Reports the current state once, then every change. */
    fun start() {
        val current = manager?.activeNetwork?.let { manager.getNetworkCapabilities(it) }
        report(current?.isOnline() ?: false)
        manager?.registerDefaultNetworkCallback(callback)
    }

    fun stop() {
        manager?.unregisterNetworkCallback(callback)
    }

    private fun report(online: Boolean) {
        val changed = synchronized(lock) {
            (last != online).also { last = online }
        }
        if (changed) onChange(online)
    }

    private fun NetworkCapabilities.isOnline(): Boolean =
        hasCapability(NetworkCapabilities.NET_CAPABILITY_INTERNET) &&
            hasCapability(NetworkCapabilities.NET_CAPABILITY_VALIDATED)
}
