// App step ④, the result screen: congress, kind, session, registered time, credit and
// status, with the core's 表示内容を必ずご確認ください. An already registered session
// says so in the headline and tells when it was registered before.
import AttendViewModels
import SwiftUI
import UIKit

@MainActor
struct ResultScreen: View {
    @ObservedObject var result: ResultViewModel

    var body: some View {
        if let state = result.state {
            content(state)
        }
    }

    private func content(_ state: ResultState) -> some View {
        ScrollView {
            VStack(alignment: .leading, spacing: 16) {
                Text(state.title)
                    .font(.subheadline)
                    .foregroundStyle(.secondary)
                    .accessibilityAddTraits(.isHeader)
                Label {
                    Text(state.headline)
                        .font(.title.bold())
                } icon: {
                    Image(systemName: state.already ? "info.circle.fill" : "checkmark.circle.fill")
                        .foregroundStyle(state.already ? Color(.systemOrange) : Color(.systemGreen))
                }
                if let already = state.alreadyText {
                    Text(already)
                        .font(.body)
                }
                fields(state.fields)
                Text(state.notice)
                    .font(.headline)
                    .padding(12)
                    .frame(maxWidth: .infinity, alignment: .leading)
                    .background(Color(.systemYellow).opacity(0.3), in: RoundedRectangle(cornerRadius: 8))
                buttons(state)
            }
            .padding(24)
        }
        .background(Color(.systemBackground))
    }

    private func fields(_ fields: [ResultField]) -> some View {
        VStack(alignment: .leading, spacing: 0) {
            ForEach(fields, id: \.self) { field in
                VStack(alignment: .leading, spacing: 2) {
                    Text(field.label)
                        .font(.caption)
                        .foregroundStyle(.secondary)
                    Text(field.value)
                        .font(.body)
                }
                .frame(maxWidth: .infinity, alignment: .leading)
                .padding(.vertical, 8)
                .accessibilityElement(children: .combine)
                Divider()
            }
        }
    }

    private func buttons(_ state: ResultState) -> some View {
        VStack(spacing: 12) {
            Button {
                result.scanAnother()
            } label: {
                Text(state.scanAnotherLabel)
                    .frame(maxWidth: .infinity, minHeight: 44)
            }
            .buttonStyle(.borderedProminent)
            .accessibilityLabel(Text(state.scanAnotherLabel))
            Button {
                result.backHome()
            } label: {
                Text(state.backHomeLabel)
                    .frame(maxWidth: .infinity, minHeight: 44)
            }
            .buttonStyle(.bordered)
            .accessibilityLabel(Text(state.backHomeLabel))
        }
    }
}
