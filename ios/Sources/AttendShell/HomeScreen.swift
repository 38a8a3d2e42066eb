// App steps ② and ⑤, the home screen: who is logged in at the top, the large スキャン起動
// button, then the attendance list (date and time, kind; waiting and rejected lines
// marked, with the core's reason). What each line says is the core's `HomeView`.
import AttendBindings
import AttendViewModels
import SwiftUI
import UIKit

@MainActor
struct HomeScreen: View {
    @ObservedObject var home: HomeViewModel
    let account: AccountView?

    private var labels: UiLabels {
        home.labels
    }

    var body: some View {
        List {
            Section {
                header
                scanButton
            }
            Section {
                if let view = home.view {
                    if let waiting = view.waitingText {
                        Label {
                            Text(waiting)
                        } icon: {
                            Image(systemName: "tray.and.arrow.up")
                        }
                        .foregroundStyle(Color(.systemOrange))
                    }
                    if let empty = view.emptyText {
                        Text(empty)
                            .foregroundStyle(.secondary)
                    }
                    ForEach(Array(view.entries.enumerated()), id: \.offset) { _, entry in
                        AttendanceRow(entry: entry)
                    }
                } else {
                    ProgressView(labels.loading)
                }
            } header: {
                Text(labels.attendanceTitle)
                    .accessibilityAddTraits(.isHeader)
            }
            Section {
                actions
            }
        }
        .listStyle(.insetGrouped)
        .refreshable {
            await home.syncNow()
        }
    }

    @ViewBuilder
    private var header: some View {
        // The account comes from the AppModel (kept from the login) so the header
        // shows before the list has loaded.
        if let account {
            VStack(alignment: .leading, spacing: 4) {
                Text(account.headerName)
                    .font(.title2.bold())
                Text(account.headerNumber)
                    .font(.subheadline)
                    .foregroundStyle(.secondary)
            }
            .accessibilityElement(children: .combine)
        }
    }

    private var scanButton: some View {
        Button {
            home.startScan()
        } label: {
            Label {
                Text(labels.scanButton)
                    .font(.title2.bold())
            } icon: {
                Image(systemName: "qrcode.viewfinder")
                    .font(.largeTitle)
            }
            .frame(maxWidth: .infinity, minHeight: 96)
        }
        .buttonStyle(.borderedProminent)
        .listRowInsets(EdgeInsets(top: 12, leading: 12, bottom: 12, trailing: 12))
        .accessibilityLabel(Text(labels.scanButton))
    }

    private var actions: some View {
        Group {
            if let message = home.message {
                Text(message)
                    .font(.footnote)
                    .foregroundStyle(.secondary)
            }
            Button {
                Task {
                    await home.syncNow()
                }
            } label: {
                Label {
                    Text(labels.syncNow)
                } icon: {
                    Image(systemName: "arrow.triangle.2.circlepath")
                }
            }
            .disabled(home.busy)
            .accessibilityLabel(Text(labels.syncNow))
            Button(role: .destructive) {
                Task {
                    await home.logout()
                }
            } label: {
                Label {
                    Text(labels.logout)
                } icon: {
                    Image(systemName: "rectangle.portrait.and.arrow.right")
                }
            }
            .disabled(home.busy)
            .accessibilityLabel(Text(labels.logout))
        }
    }
}

/// One line of the attendance list.
@MainActor
struct AttendanceRow: View {
    let entry: AttendanceEntry

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            HStack(alignment: .firstTextBaseline) {
                Text(entry.dateTime)
                    .font(.subheadline.monospacedDigit())
                Spacer()
                Text(entry.statusText)
                    .font(.caption.bold())
                    .padding(.horizontal, 8)
                    .padding(.vertical, 2)
                    .foregroundStyle(statusColor)
                    .overlay(Capsule().stroke(statusColor))
            }
            Text(entry.kindName)
                .font(.headline)
            Text(entry.congressName)
                .font(.footnote)
                .foregroundStyle(.secondary)
            if !entry.sessionTitle.isEmpty {
                Text(entry.sessionTitle)
                    .font(.footnote)
                    .foregroundStyle(.secondary)
            }
            if let reason = entry.reason {
                Text(reason)
                    .font(.footnote)
                    .foregroundStyle(Color(.systemRed))
            }
        }
        .padding(.vertical, 4)
        .accessibilityElement(children: .combine)
    }

    // The colour only repeats what `statusText` says (never the only signal).
    private var statusColor: Color {
        switch entry.status {
        case .pending:
            return Color(.systemOrange)
        case .confirmed:
            return Color(.systemGreen)
        case .rejected:
            return Color(.systemRed)
        }
    }
}
