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
        let data: Data
        if input == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: input) else { throw ValidationError("cannot read \(input)") }
            data = contents
        }
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
