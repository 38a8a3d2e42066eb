// App step ②, the login form: member number and password (the member page's own),
// and the link to the member page for a forgotten password. Every text is the core's.
import AttendBindings
import AttendViewModels
import SwiftUI
import UIKit

@MainActor
struct LoginScreen: View {
    @ObservedObject var login: LoginViewModel
    @FocusState private var focus: Field?

    private enum Field: Hashable {
        case memberNumber
        case password
    }

    private var labels: UiLabels {
        login.labels
    }

    var body: some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                Text(labels.loginTitle)
                    .font(.largeTitle.bold())
                    .accessibilityAddTraits(.isHeader)
                Text(labels.loginIntro)
                    .font(.body)
                    .foregroundStyle(.secondary)
                if let info = login.info {
                    Text(info)
                        .font(.callout)
                        .padding(12)
                        .frame(maxWidth: .infinity, alignment: .leading)
                        .background(Color(.secondarySystemBackground), in: RoundedRectangle(cornerRadius: 8))
                }
                fields
                if let error = login.error {
                    Text(error)
                        .font(.callout)
                        .foregroundStyle(Color(.systemRed))
                }
                submitButton
                forgotLink
            }
            .padding(24)
        }
        .background(Color(.systemBackground))
    }

    private var fields: some View {
        VStack(alignment: .leading, spacing: 12) {
            Text(labels.memberNumber)
                .font(.subheadline)
                .accessibilityHidden(true)
            TextField(labels.memberNumber, text: $login.memberNumber)
                .keyboardType(.asciiCapable)
                .textContentType(.username)
                .textInputAutocapitalization(.never)
                .autocorrectionDisabled()
                .focused($focus, equals: .memberNumber)
                .submitLabel(.next)
                .onSubmit { focus = .password }
                .textFieldStyle(.roundedBorder)
                .accessibilityLabel(Text(labels.memberNumber))
            Text(labels.password)
                .font(.subheadline)
                .accessibilityHidden(true)
            SecureField(labels.password, text: $login.password)
                .textContentType(.password)
                .focused($focus, equals: .password)
                .submitLabel(.go)
                .onSubmit { send() }
                .textFieldStyle(.roundedBorder)
                .accessibilityLabel(Text(labels.password))
        }
        .disabled(login.busy)
    }

    private var submitButton: some View {
        Button {
            send()
        } label: {
            HStack {
                if login.busy {
                    ProgressView()
                }
                Text(login.buttonText)
                    .font(.headline)
            }
            .frame(maxWidth: .infinity, minHeight: 44)
        }
        .buttonStyle(.borderedProminent)
        .disabled(login.busy)
        .accessibilityLabel(Text(login.buttonText))
    }

    @ViewBuilder
    private var forgotLink: some View {
        // The member page is the one place a password is set or reset; an address
        // the core gave that does not parse shows the text without a link.
        if let url = URL(string: labels.memberPageUrl) {
            Link(destination: url) {
                Text(labels.forgotPassword)
                    .font(.callout)
            }
            .accessibilityLabel(Text(labels.forgotPassword))
            .accessibilityHint(Text(labels.memberPageUrl))
        } else {
            Text(labels.forgotPassword)
                .font(.callout)
        }
    }

    private func send() {
        focus = nil
        Task {
            await login.submit()
        }
    }
}
