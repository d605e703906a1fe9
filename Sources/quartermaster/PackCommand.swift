import ArgumentParser
import Foundation
import QuartermasterCore

/// `quartermaster pack --input load.json`: packs boxes into a container (3D, every box fully
/// supported) and prints the layout as JSON.
struct Pack: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Pack items into a container: reads {container, items, time_limit_seconds}, prints the layout as JSON.")
    @Option(help: "The load as JSON ('-' for standard input).") var input: String
    @Flag(help: "Indent the JSON.") var pretty = false

    func run() throws {
        let data = try readInput(input)
        let load: PackingInput
        do {
            load = try JSONDecoder().decode(PackingInput.self, from: data)
        } catch {
            throw ValidationError("\(input) is not a load: \(error)")
        }
        let output = try Packer.encode(Packer.pack(load), pretty: pretty)
        FileHandle.standardOutput.write(output)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}

/// The bytes of a file named on the command line, or of standard input for `-`.
func readInput(_ path: String) throws -> Data {
    if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
    guard let contents = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
    return contents
}
