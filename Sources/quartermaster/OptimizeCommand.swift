import ArgumentParser
import Foundation
import QuartermasterCore

/// `quartermaster optimize --input basket.json`: the cheapest feasible split of a basket across
/// vendors, printed as JSON (see `BasketWire` for the format).
struct Optimize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Choose the cheapest feasible split of a basket across vendors: reads {items, vendors, offers, …}, prints the plan as JSON.")
    @Option(help: "The basket as JSON ('-' for standard input).") var input: String

    func run() throws {
        let data = try readInput(input)
        let (output, ok) = BasketWire.optimize(Array(data))
        print(output.serialized)
        if !ok { throw ExitCode(2) }
    }
}

extension Bench {
    struct OptimizeBench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "optimize", abstract: "Time the basket optimiser on seeded random baskets of several sizes.")
        @Option(help: "Sizes as ITEMSxVENDORS, comma-separated.") var sizes = "50x20,200x50,1000x100"
        @Option(help: "Instances per size.") var instances = 50
        @Option(help: "Time limit per instance, seconds.") var timeLimit = 1.8
        @Option(help: "First seed.") var seed: UInt64 = 1
        @Option(help: "Stop when the best basket is within this fraction of the lower bound (e.g. 0.001); default: prove.")
        var gapTolerance: Double?

        func run() throws {
            for size in sizes.split(separator: ",") {
                let parts = size.split(separator: "x").compactMap { Int($0) }
                guard parts.count == 2, parts[0] > 0, parts[1] > 0 else { throw ValidationError("size \(size) is not ITEMSxVENDORS") }
                let figures = BasketBenchmark.run(
                    items: parts[0], vendors: parts[1], instances: instances, seed: seed, timeLimitSeconds: timeLimit,
                    gapTolerance: gapTolerance)
                print(
                    String(
                        format:
                            "%d items × %d vendors, %d instances: p50 %.1f ms, p95 %.1f ms, max %.1f ms; proven optimal %.0f%%; gap mean %.3f%%, max %.3f%%; nodes mean %.0f",
                        figures.items, figures.vendors, figures.instances, figures.p50Seconds * 1_000, figures.p95Seconds * 1_000,
                        figures.maxSeconds * 1_000, figures.provenShare * 100, figures.meanGap * 100, figures.maxGap * 100,
                        figures.meanNodes))
            }
        }
    }
}
