// Shown instead of the app when the core could not start (the data folder or its
// database could not be opened). There are no labels then (they come from the
// core), so the core's own reason is the only text; it is already in the member's
// language.
import SwiftUI
import UIKit

@MainActor
public struct StartupFailureView: View {
    let reason: String?

    public init(reason: String?) {
        self.reason = reason
    }

    public var body: some View {
        VStack(spacing: 16) {
            Image(systemName: "exclamationmark.triangle.fill")
                .font(.largeTitle)
                .foregroundStyle(Color(.systemOrange))
                .accessibilityHidden(true)
            if let reason {
                Text(reason)
                    .multilineTextAlignment(.center)
            }
        }
        .padding(24)
        .frame(maxWidth: .infinity, maxHeight: .infinity)
        .background(Color(.systemBackground))
    }
}
