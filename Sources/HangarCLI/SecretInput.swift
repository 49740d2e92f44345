import Foundation
import HangarAccess
import HangarCore
#if canImport(Glibc)
import Glibc
#endif

/// Reads a secret: from the terminal with echo off, or the first line of standard input.
enum SecretInput {
    static func read(prompt: String) throws -> String {
        let isTerminal = isatty(STDIN_FILENO) == 1
        var saved = termios()
        if isTerminal {
            FileHandle.standardError.write(Data(prompt.utf8))
            tcgetattr(STDIN_FILENO, &saved)
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        }
        defer {
            if isTerminal {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                FileHandle.standardError.write(Data("\n".utf8))
            }
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw HangarError.invalidValue(field: "password", value: "", allowed: "type it at the prompt, or send it as the first line of standard input")
        }
        return line
    }

    /// A new password for `id`, read as above and hashed; a refusal names what is allowed.
    static func newPasswordHash(for id: String) throws -> String {
        let password = try read(prompt: "New password for \(id): ")
        do {
            return try Credentials.hashPassword(password, cost: 12)
        } catch is CredentialError {
            // The limits as a fragment the language tables translate (Credentials' bounds).
            throw HangarError.invalidValue(field: "password", value: "(hidden)", allowed: "a password of 12 to 128 characters (any letters)")
        }
    }
}
