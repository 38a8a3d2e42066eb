package org.jsnm.attend.android.platform

import android.content.Context
import android.content.SharedPreferences
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import android.util.Base64
import java.security.GeneralSecurityException
import java.security.KeyStore
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec
import org.jsnm.attend.PlatformException
import org.jsnm.attend.TokenStore

/**
 * The login token, encrypted with an AES-GCM key that lives in the Android Keystore and
 * never leaves it (hardware-backed where the phone has it). Only the ciphertext and its
 * IV are written, to the app's private preferences; backup is off for them (see
 * data_extraction_rules.xml), and a copy elsewhere could not be decrypted anyway.
 *
 * Called by the core on its own threads: every method is synchronous and thread-safe.
 */
class KeystoreTokenStore(context: Context) : TokenStore {
    private val prefs: SharedPreferences =
        context.applicationContext.getSharedPreferences(PREFS, Context.MODE_PRIVATE)
    private val lock = Any()

    override fun load(): String? = synchronized(lock) {
        val iv = prefs.getString(KEY_IV, null)
        val sealed = prefs.getString(KEY_TOKEN, null)
        if (iv == null || sealed == null) return null
        try {
            val cipher = Cipher.getInstance(TRANSFORMATION)
            cipher.init(Cipher.DECRYPT_MODE, key(), GCMParameterSpec(TAG_BITS, decode(iv)))
            String(cipher.doFinal(decode(sealed)), Charsets.UTF_8)
        } catch (e: AEADBadTagException) {
            forgetUnreadable()
        } catch (e: IllegalArgumentException) {
            // Not Base64: the preferences file was damaged.
            forgetUnreadable()
        } catch (e: GeneralSecurityException) {
            // The Keystore itself failed (busy, broken): the token may still be fine, so
            // it is kept and the core hears of the failure.
            throw PlatformException.Failed("keystore: ${e.javaClass.simpleName}: ${e.message}")
        }
    }

    override fun save(token: String): Unit = synchronized(lock) {
        try {
            val cipher = Cipher.getInstance(TRANSFORMATION)
            // The Keystore picks a fresh random IV for each encryption.
            cipher.init(Cipher.ENCRYPT_MODE, key())
            val sealed = cipher.doFinal(token.toByteArray(Charsets.UTF_8))
            // commit, not apply: the core treats a returned save as durable.
            val written = prefs.edit()
                .putString(KEY_IV, encode(cipher.iv))
                .putString(KEY_TOKEN, encode(sealed))
                .commit()
            if (!written) throw PlatformException.Failed("token store: the preferences file was not written")
        } catch (e: GeneralSecurityException) {
            throw PlatformException.Failed("keystore: ${e.javaClass.simpleName}: ${e.message}")
        }
    }

    override fun clear(): Unit = synchronized(lock) {
        if (!prefs.edit().clear().commit()) {
            throw PlatformException.Failed("token store: the preferences file was not written")
        }
    }

    /**
     * A token that no longer decrypts (damaged file, restored from another device) is as
     * good as none: it is dropped and the member logs in again, instead of failing forever.
     */
    private fun forgetUnreadable(): String? {
        prefs.edit().clear().commit()
        return null
    }

    private fun key(): SecretKey {
        val keyStore = KeyStore.getInstance(ANDROID_KEYSTORE).apply { load(null) }
        (keyStore.getKey(KEY_ALIAS, null) as? SecretKey)?.let { return it }
        val generator = KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, ANDROID_KEYSTORE)
        generator.init(
            KeyGenParameterSpec.Builder(KEY_ALIAS, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
                .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
                .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
                .setKeySize(KEY_BITS)
                // Sync runs in the background with the screen locked: no user auth on the key.
                .setUserAuthenticationRequired(false)
                .build(),
        )
        return generator.generateKey()
    }

    private fun encode(bytes: ByteArray): String = Base64.encodeToString(bytes, Base64.NO_WRAP)

    private fun decode(text: String): ByteArray = Base64.decode(text, Base64.NO_WRAP)

    private companion object {
        const val ANDROID_KEYSTORE = "AndroidKeyStore"
        const val KEY_ALIAS = "org.jsnm.attend.token"
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val KEY_BITS = 256
        const val TAG_BITS = 128
        const val PREFS = "attend-token"
        const val KEY_IV = "iv"
        const val KEY_TOKEN = "token"
    }
}
