import Testing

@testable import QuartermasterCore

@Suite struct LoadAnalysisTests {
    @Test func ownPackagesAreUsedAndMissingOnesEstimatedByCategory() {
        let paper = LoadAnalysis.Line(
            id: "paper", description: "A4 paper", quantity: 10,
            specs: ["package_length_cm": 30, "package_width_cm": 21, "package_height_cm": 5, "package_weight_kg": 2.5, "weight_gsm": 80],
            category: ["Paper"])
        let chair = LoadAnalysis.Line(
            id: "chair", description: "Chair", quantity: 2, specs: ["seat_height_cm": 45], category: ["Chairs", "Office"])
        let nothing = LoadAnalysis.Line(id: "none", description: "Returned", quantity: 0, specs: [:], category: [])
        let result = LoadAnalysis.analyse([paper, chair, nothing])
        #expect(result.items.map(\.id) == ["paper", "chair"])
        #expect(result.estimated == ["chair"])
        #expect(result.packages == 12)
        #expect(result.weightKg == 10 * 2.5 + 2 * 16)
        #expect(abs(result.volumeM3 - (10 * 30 * 21 * 5 + 2 * 70 * 65 * 60) / 1_000_000) < 1e-9)
    }

    @Test func incompleteOrImpossibleSpecsFallBackToTheDefault() {
        let partial = LoadAnalysis.Line(
            id: "x", description: "x", quantity: 1,
            specs: ["package_length_cm": 10, "package_width_cm": 0, "package_height_cm": 5, "package_weight_kg": 1],
            category: ["Unknown things"])
        let result = LoadAnalysis.analyse([partial])
        #expect(result.estimated == ["x"])
        #expect(result.items.first?.length == LoadAnalysis.categoryDefault([]).lengthCm)
    }
}
