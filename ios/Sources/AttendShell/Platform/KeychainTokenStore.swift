// The login token in the iOS Keychain, behind the core's `TokenStore` trait. The core
// never writes the token elsewhere (not into its SQLite file, which a backup copies).
// `AfterFirstUnlockThisDeviceOnly`: background sync must read it while the phone is
// locked, and the token must not move to another phone through a backup.
import AttendBindings
import Foundation
import Security

public final class KeychainTokenStore: TokenStore, @unchecked Sendable {
    // Immutable after init; SecItem calls are thread-safe, and the core calls this
    // from its own threads.
    private let service: String
    private let account = "login-token"

    public init(service: String = "org.jsnm.attend") {
        self.service = service
    }

    private var query: [String: Any] {
        [
            kSecClass as String: kSecClassGenericPassword,
            kSecAttrService as String: service,
            kSecAttrAccount as String: account,
        ]
    }

    public func load() throws -> String? {
        var request = query
        request[kSecReturnData as String] = true
        request[kSecMatchLimit as String] = kSecMatchLimitOne
        var item: CFTypeRef?
        let status = SecItemCopyMatching(request as CFDictionary, &item)
        if status == errSecItemNotFound {
            return nil
        }
        guard status == errSecSuccess else {
            throw failure("load", status)
        }
        guard let data = item as? Data, let token = String(data: data, encoding: .utf8) else {
            throw PlatformError.Failed(detail: "keychain load: not a UTF-8 token")
        }
        return token
    }

    public func save(token: String) throws {
        let data = Data(token.utf8)
        let update: [String: Any] = [
            kSecValueData as String: data,
            kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly,
        ]
        let status = SecItemUpdate(query as CFDictionary, update as CFDictionary)
        if status == errSecSuccess {
            return
        }
        guard status == errSecItemNotFound else {
            throw failure("update", status)
        }
        var add = query
        add.merge(update) { _, new in new }
        let added = SecItemAdd(add as CFDictionary, nil)
        guard added == errSecSuccess else {
            throw failure("add", added)
        }
    }

    public func clear() throws {
        let status = SecItemDelete(query as CFDictionary)
        guard status == errSecSuccess || status == errSecItemNotFound else {
            throw failure("delete", status)
        }
    }

    /// For logs only: the member sees the core's own wording of a storage failure.
    private func failure(_ step: String, _ status: OSStatus) -> PlatformError {
        let text = SecCopyErrorMessageString(status, nil) as String? ?? "OSStatus \(status)"
        return PlatformError.Failed(detail: "keychain \(step): \(text)")
    }
}
