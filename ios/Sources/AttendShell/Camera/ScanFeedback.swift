// What the member feels and hears when a code was recorded (app step ③): the phone may
// be held up at a poster, screen out of sight, so success must not be visual only.
import AudioToolbox
import UIKit

enum ScanFeedback {
    /// iOS's short "Tink" system sound; it follows the ringer switch, as members
    /// in a lecture hall expect.
    private static let sound = SystemSoundID(1057)

    @MainActor
    static func play() {
        UINotificationFeedbackGenerator().notificationOccurred(.success)
        AudioServicesPlaySystemSound(sound)
    }
}
