package org.jsnm.attend.android.sync

import android.content.Context
import androidx.work.BackoffPolicy
import androidx.work.Constraints
import androidx.work.CoroutineWorker
import androidx.work.ExistingPeriodicWorkPolicy
import androidx.work.ExistingWorkPolicy
import androidx.work.NetworkType
import androidx.work.OneTimeWorkRequestBuilder
import androidx.work.PeriodicWorkRequestBuilder
import androidx.work.WorkManager
import androidx.work.WorkerParameters
import java.util.concurrent.TimeUnit
import org.jsnm.attend.android.AttendApplication

/**
 * Sends waiting scans when the app is not on screen. WorkManager runs it only with a
 * network and survives reboots; what to send and how to retry within a pass is the
 * core's, this only asks for one pass and lets WorkManager back off when it fails.
 */
class SyncWorker(context: Context, params: WorkerParameters) : CoroutineWorker(context, params) {
    override suspend fun doWork(): Result {
        // No model: the core could not open its data; nothing to send, and retrying
        // would not change that until the app is opened again.
        val model = (applicationContext as? AttendApplication)?.model ?: return Result.failure()
        return if (model.syncInBackground()) Result.success() else Result.retry()
    }

    companion object {
        private const val PERIODIC = "attend-sync-periodic"
        private const val ONCE = "attend-sync-once"
        private const val PERIOD_HOURS = 6L
        private const val BACKOFF_MINUTES = 5L

        private val online = Constraints.Builder().setRequiredNetworkType(NetworkType.CONNECTED).build()

        /** A pass every few hours, for scans a one-off pass could not send. */
        fun schedulePeriodic(context: Context) {
            val request = PeriodicWorkRequestBuilder<SyncWorker>(PERIOD_HOURS, TimeUnit.HOURS)
                .setConstraints(online)
                .build()
            WorkManager.getInstance(context).enqueueUniquePeriodicWork(PERIODIC, ExistingPeriodicWorkPolicy.KEEP, request)
        }

        /** One pass as soon as there is a network; asking again while one waits changes nothing. */
        fun syncSoon(context: Context) {
            val request = OneTimeWorkRequestBuilder<SyncWorker>()
                .setConstraints(online)
                .setBackoffCriteria(BackoffPolicy.EXPONENTIAL, BACKOFF_MINUTES, TimeUnit.MINUTES)
                .build()
            WorkManager.getInstance(context).enqueueUniqueWork(ONCE, ExistingWorkPolicy.KEEP, request)
        }
    }
}
