// The whole app's view: a switch over the AppModel's `screen`, the offline banner over
// the logged-in screens, the temporary-password reminder, and the success feedback.
// The feedback is played here, not in the reader, because the reader is already gone
// when the result screen it caused appears.
import AttendBindings
import AttendViewModels
import SwiftUI
import UIKit

@MainActor
public struct RootView: View {
    @ObservedObject var model: AppModel
    @ObservedObject private var reader: ReaderViewModel
    @Environment(\.openURL) private var openURL

    public init(model: AppModel) {
        _model = ObservedObject(wrappedValue: model)
        _reader = ObservedObject(wrappedValue: model.reader)
    }

    public var body: some View {
        screen
            .safeAreaInset(edge: .top, spacing: 0) {
                if model.screen != .login {
                    OfflineBanner(banner: model.banner)
                }
            }
            .onChange(of: reader.successCount) { _ in
                ScanFeedback.play()
            }
            .alert(
                model.reminder?.title ?? "",
                isPresented: reminderShown,
                presenting: model.reminder
            ) { reminder in
                if let url = URL(string: reminder.url) {
                    Button(reminder.openLabel) {
                        model.dismissReminder()
                        openURL(url)
                    }
                    .accessibilityLabel(Text(reminder.openLabel))
                }
                Button(reminder.okLabel, role: .cancel) {
                    model.dismissReminder()
                }
                .accessibilityLabel(Text(reminder.okLabel))
            } message: { reminder in
                Text(reminder.text)
            }
    }

    @ViewBuilder
    private var screen: some View {
        switch model.screen {
        case .login:
            LoginScreen(login: model.login)
        case let .main(tab):
            MainTabs(model: model, tab: tab)
        case .result:
            ResultScreen(result: model.result)
        }
    }

    private var reminderShown: Binding<Bool> {
        Binding(
            get: { model.reminder != nil },
            set: { shown in
                if !shown {
                    model.dismissReminder()
                }
            }
        )
    }
}

/// The logged-in screen: ホーム / QRリーダー / 単位確認 at the bottom. The selection
/// goes through the AppModel so that leaving the reader stops it properly.
@MainActor
struct MainTabs: View {
    @ObservedObject var model: AppModel
    // Named with its module: SwiftUI (iOS 18) has a `Tab` of its own.
    let tab: AttendViewModels.Tab

    private var labels: UiLabels {
        model.labels
    }

    var body: some View {
        TabView(selection: selection) {
            HomeScreen(home: model.home, account: model.account)
                .tabItem {
                    Label {
                        Text(labels.tabHome)
                    } icon: {
                        Image(systemName: "house")
                    }
                    .accessibilityLabel(Text(labels.tabHome))
                }
                .tag(AttendViewModels.Tab.home)
            // The camera runs only while its tab is shown: TabView keeps other tabs'
            // views alive, so the reader is built only when selected.
            Group {
                if tab == .reader {
                    ReaderScreen(reader: model.reader)
                } else {
                    Color(.systemBackground)
                }
            }
            .tabItem {
                Label {
                    Text(labels.tabReader)
                } icon: {
                    Image(systemName: "qrcode.viewfinder")
                }
                .accessibilityLabel(Text(labels.tabReader))
            }
            .tag(AttendViewModels.Tab.reader)
            CreditsScreen(credits: model.credits)
                .tabItem {
                    Label {
                        Text(labels.tabCredits)
                    } icon: {
                        Image(systemName: "rosette")
                    }
                    .accessibilityLabel(Text(labels.tabCredits))
                }
                .tag(AttendViewModels.Tab.credits)
        }
    }

    private var selection: Binding<AttendViewModels.Tab> {
        Binding(
            get: { tab },
            set: { model.selectTab($0) }
        )
    }
}
