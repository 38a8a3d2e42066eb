// Screen 6: the banner over every logged-in screen while offline or while scans wait
// to be sent, with the core's waiting count and sync line.
import AttendViewModels
import SwiftUI
import UIKit

@MainActor
struct OfflineBanner: View {
    @ObservedObject var banner: BannerState

    var body: some View {
        if banner.visible {
            HStack(alignment: .top, spacing: 8) {
                Image(systemName: banner.offline ? "wifi.slash" : "tray.and.arrow.up")
                    .accessibilityHidden(true)
                VStack(alignment: .leading, spacing: 2) {
                    if let offline = banner.offlineText {
                        Text(offline)
                            .font(.subheadline.bold())
                    }
                    if let waiting = banner.waitingText {
                        Text(waiting)
                            .font(.subheadline)
                    }
                    if !banner.syncText.isEmpty {
                        Text(banner.syncText)
                            .font(.caption)
                    }
                    if let error = banner.lastError {
                        Text(error)
                            .font(.caption)
                    }
                }
                Spacer(minLength: 0)
            }
            .padding(.horizontal, 16)
            .padding(.vertical, 8)
            .foregroundStyle(Color(.label))
            .background(Color(.systemYellow).opacity(0.35))
            // One element for VoiceOver, read as a whole when it appears.
            .accessibilityElement(children: .combine)
        }
    }
}
