// App step ⑥, 単位確認: progress toward renewing each certification, then the history
// by fiscal year and congress, confirmed and pending credits apart. The core computed
// every figure and sentence; this screen lays them out.
import AttendBindings
import AttendViewModels
import SwiftUI
import UIKit

@MainActor
struct CreditsScreen: View {
    @ObservedObject var credits: CreditsViewModel

    private var labels: UiLabels {
        credits.labels
    }

    var body: some View {
        List {
            if let error = credits.error {
                Text(error)
                    .foregroundStyle(Color(.systemRed))
            }
            if let view = credits.view {
                content(view)
            } else {
                ProgressView(labels.loading)
            }
        }
        .listStyle(.insetGrouped)
        .refreshable {
            credits.refresh()
        }
    }

    @ViewBuilder
    private func content(_ view: CreditsView) -> some View {
        Section {
            Text(view.totalsText)
                .font(.headline)
            Text(view.sinceText)
                .font(.footnote)
                .foregroundStyle(.secondary)
            if let notice = view.rulesNotice {
                Text(notice)
                    .font(.footnote)
                    .foregroundStyle(Color(.systemOrange))
            }
            if let empty = view.emptyText {
                Text(empty)
                    .foregroundStyle(.secondary)
            }
        } header: {
            Text(labels.creditsTitle)
                .accessibilityAddTraits(.isHeader)
        }
        if !view.certifications.isEmpty {
            Section {
                ForEach(Array(view.certifications.enumerated()), id: \.offset) { _, certification in
                    CertificationRow(certification: certification, labels: labels)
                }
            } header: {
                Text(labels.certificationsTitle)
                    .accessibilityAddTraits(.isHeader)
            }
        }
        ForEach(Array(view.years.enumerated()), id: \.offset) { _, year in
            Section {
                ForEach(Array(year.congresses.enumerated()), id: \.offset) { _, congress in
                    CongressRows(congress: congress, labels: labels)
                }
            } header: {
                Text(year.label)
                    .accessibilityAddTraits(.isHeader)
            }
        }
    }
}

/// One certification: its window, the progress bar and text, credits by kind.
@MainActor
private struct CertificationRow: View {
    let certification: CertificationView
    let labels: UiLabels

    var body: some View {
        VStack(alignment: .leading, spacing: 6) {
            Text(certification.name)
                .font(.headline)
            Text(certification.windowText)
                .font(.footnote)
                .foregroundStyle(.secondary)
            ProgressView(value: CreditsViewModel.progress(certification))
                .tint(certification.met ? Color(.systemGreen) : Color.accentColor)
                .accessibilityLabel(Text(certification.name))
                .accessibilityValue(Text(certification.progressText))
            Text(certification.progressText)
                .font(.subheadline)
            if certification.met {
                Label {
                    Text(labels.met)
                } icon: {
                    Image(systemName: "checkmark.seal.fill")
                }
                .font(.footnote.bold())
                .foregroundStyle(Color(.systemGreen))
            }
            ForEach(certification.byKind, id: \.self) { kind in
                KindLine(kind: kind, labels: labels)
            }
        }
        .padding(.vertical, 4)
    }
}

/// One congress of the history: each record, then its totals by kind.
@MainActor
private struct CongressRows: View {
    let congress: CongressView
    let labels: UiLabels

    var body: some View {
        VStack(alignment: .leading, spacing: 6) {
            Text(congress.congressName)
                .font(.headline)
            ForEach(Array(congress.records.enumerated()), id: \.offset) { _, record in
                HStack(alignment: .firstTextBaseline) {
                    VStack(alignment: .leading, spacing: 2) {
                        Text(record.kindName)
                            .font(.subheadline)
                        if !record.sessionTitle.isEmpty {
                            Text(record.sessionTitle)
                                .font(.caption)
                                .foregroundStyle(.secondary)
                        }
                        Text(record.dateTime)
                            .font(.caption.monospacedDigit())
                            .foregroundStyle(.secondary)
                    }
                    Spacer()
                    VStack(alignment: .trailing, spacing: 2) {
                        Text(String(record.credit))
                            .font(.headline.monospacedDigit())
                        Text(record.statusText)
                            .font(.caption)
                            .foregroundStyle(record.pending ? Color(.systemOrange) : Color.secondary)
                    }
                }
                .accessibilityElement(children: .combine)
            }
            ForEach(congress.byKind, id: \.self) { kind in
                KindLine(kind: kind, labels: labels)
            }
        }
        .padding(.vertical, 4)
    }
}

/// Confirmed and pending credits of one kind, side by side and never added together.
@MainActor
private struct KindLine: View {
    let kind: KindTotalView
    let labels: UiLabels

    var body: some View {
        HStack {
            Text(kind.kindName)
                .font(.footnote)
            Spacer()
            Text(labels.confirmed + " " + String(kind.confirmed))
                .font(.footnote.monospacedDigit())
            Text(labels.pending + " " + String(kind.pending))
                .font(.footnote.monospacedDigit())
                .foregroundStyle(Color(.systemOrange))
        }
        .accessibilityElement(children: .combine)
    }
}
