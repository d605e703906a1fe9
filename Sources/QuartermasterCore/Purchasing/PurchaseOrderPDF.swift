/// A purchase order as a printable A4 PDF: a logo area with the buyer's name, the order number and
/// version, the four parties, the terms, a table of lines (descriptions wrapped, numbers
/// right-aligned) that continues over pages under a repeated header, the totals, the terms and
/// conditions, and "Page N of M" on every page.
public enum PurchaseOrderPDF {
    public static func render(_ order: PurchaseOrder) -> [UInt8] {
        var layout = Layout(order: order)
        layout.firstPageHeader()
        layout.parties()
        layout.termsStrip()
        layout.table()
        layout.totals()
        layout.termsAndConditions()
        let pages = layout.finishedPages()
        let info = PDFWriter.Info(
            title: "Purchase order \(order.number.text)", author: order.buyer.name,
            subject: "Version \(order.version) for \(order.supplier.name)",
            creationDate: order.orderDate)
        return PDFWriter.render(pages, info: info)
    }

    /// `1234.5` → `1,234.50`: money as printed.
    static func amount(_ value: FixedDecimal) -> String {
        let text = value.text(minimumPlaces: 2)
        let negative = text.hasPrefix("-")
        let digits = negative ? String(text.dropFirst()) : text
        let parts = digits.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        return (negative ? "-" : "") + whole + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// Greedy word wrap to `width` points; words longer than a line are broken by characters.
    static func wrap(_ text: String, font: StandardFont, size: Double, width: Double) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = ""
            for word in paragraph.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                let candidate = current.isEmpty ? String(word) : current + " " + word
                if font.width(of: candidate, size: size) <= width {
                    current = candidate
                    continue
                }
                if !current.isEmpty { lines.append(current) }
                current = ""
                for character in word {
                    if !current.isEmpty && font.width(of: current + String(character), size: size) > width {
                        lines.append(current)
                        current = ""
                    }
                    current.append(character)
                }
            }
            lines.append(current)
        }
        return lines
    }
}

extension PurchaseOrderPDF {
    /// Places everything on pages from the top down, opening a page when the next block does not fit.
    struct Layout {
        static let left = 40.0
        static let right = PDFWriter.a4.width - 40
        static let top = PDFWriter.a4.height - 40
        static let bottom = 56.0
        static let accent = PDFColor(red: 0.12, green: 0.25, blue: 0.45)
        static let muted = PDFColor.gray(0.4)
        static let rule = PDFColor.gray(0.75)

        struct Column {
            var title: String
            var width: Double
            var alignRight = false
        }

        /// The lines table; the description takes what the other columns leave.
        static let columns: [Column] = {
            var columns = [
                Column(title: "#", width: 18), Column(title: "Part no.", width: 72), Column(title: "Description", width: 0),
                Column(title: "Qty", width: 36, alignRight: true), Column(title: "Unit", width: 28),
                Column(title: "Unit price", width: 58, alignRight: true), Column(title: "Deliver by", width: 52),
                Column(title: "Cost centre", width: 52), Column(title: "Amount", width: 64, alignRight: true),
            ]
            columns[2].width = (right - left) - columns.reduce(0) { $0 + $1.width }
            return columns
        }()
        static let cellPadding = 3.0
        static let tableSize = 8.0
        static let tableLeading = 10.0

        let order: PurchaseOrder
        var pages: [PDFPage] = []
        var page = PDFPage()
        var y = top

        init(order: PurchaseOrder) { self.order = order }

        mutating func startPage(tableHeader: Bool) {
            pages.append(page)
            page = PDFPage()
            y = Self.top
            page.text("Purchase order \(order.number.text) (continued)", x: Self.left, y: y - 12, font: .helveticaBold, size: 11)
            page.text("Version \(order.version)", right: Self.right, y: y - 12, font: .helvetica, size: 9, color: Self.muted)
            y -= 30
            if tableHeader { self.tableHeader() }
        }

        /// Makes room for `height` points, on a new page when this one is full.
        mutating func reserve(_ height: Double, tableHeader: Bool = false) {
            if y - height < Self.bottom { startPage(tableHeader: tableHeader) }
        }

        mutating func firstPageHeader() {
            // The logo area: the buyer's name on the accent colour, where an uploaded logo will go.
            let logoHeight = 56.0
            page.fillRectangle(x: Self.left, y: y - logoHeight, width: 160, height: logoHeight, color: Self.accent)
            let name = wrap(order.buyer.name, font: .helveticaBold, size: 12, width: 144).prefix(3)
            var nameY = y - logoHeight / 2 + Double(name.count - 1) * 7 - 4
            for line in name {
                page.text(line, x: Self.left + 8, y: nameY, font: .helveticaBold, size: 12, color: .white)
                nameY -= 14
            }
            page.text("PURCHASE ORDER", right: Self.right, y: y - 16, font: .helveticaBold, size: 18, color: Self.accent)
            page.text(order.number.text, right: Self.right, y: y - 32, font: .helveticaBold, size: 12)
            var details = ["Issued \(ISO8601DateTime.format(order.orderDate).prefix(10))"]
            details.insert(order.version > 1 ? "Version \(order.version) (change order)" : "Version 1", at: 0)
            if let request = order.requestID { details.append("Request \(request)") }
            var detailY = y - 45
            for detail in details {
                page.text(detail, right: Self.right, y: detailY, font: .helvetica, size: 8.5, color: Self.muted)
                detailY -= 10
            }
            y -= max(logoHeight, y - detailY) + 18
        }

        mutating func parties() {
            let gap = 12.0
            let width = (Self.right - Self.left - 3 * gap) / 4
            let blocks = [("SUPPLIER", order.supplier), ("SHIP TO", order.shipTo), ("BILL TO", order.billTo), ("BUYER", order.buyer)]
            var lowest = y
            for (index, (title, party)) in blocks.enumerated() {
                let x = Self.left + Double(index) * (width + gap)
                var lineY = y
                page.text(title, x: x, y: lineY, font: .helveticaBold, size: 7.5, color: Self.accent)
                lineY -= 12
                for line in wrap(party.name, font: .helveticaBold, size: 9, width: width) {
                    page.text(line, x: x, y: lineY, font: .helveticaBold, size: 9)
                    lineY -= 11
                }
                var rest = party.address.printedLines
                if let contact = party.contact { rest += [contact.name, contact.email, contact.phone].compactMap { $0 } }
                for text in rest {
                    for line in wrap(text, font: .helvetica, size: 8.5, width: width) {
                        page.text(line, x: x, y: lineY, font: .helvetica, size: 8.5)
                        lineY -= 10.5
                    }
                }
                lowest = min(lowest, lineY)
            }
            y = lowest - 10
        }

        mutating func termsStrip() {
            let cells = [
                ("Payment terms", order.paymentTerms.description), ("Incoterms", order.incoterms?.description ?? "—"),
                ("Currency", order.currency.code),
                ("Requested delivery", order.lines.compactMap(\.requestedDeliveryDate).min()?.iso ?? "—"),
            ]
            let width = (Self.right - Self.left) / Double(cells.count)
            let values = cells.map { wrap($0.1, font: .helveticaBold, size: 8.5, width: width - 12).prefix(2) }
            let height = 20.0 + 10.0 * Double(values.map(\.count).max() ?? 1)
            page.fillRectangle(x: Self.left, y: y - height, width: Self.right - Self.left, height: height, color: .gray(0.94))
            for (index, (label, _)) in cells.enumerated() {
                let x = Self.left + 8 + Double(index) * width
                page.text(label, x: x, y: y - 11, font: .helvetica, size: 7, color: Self.muted)
                var lineY = y - 23
                for line in values[index] {
                    page.text(line, x: x, y: lineY, font: .helveticaBold, size: 8.5)
                    lineY -= 10
                }
            }
            y -= height + 16
        }

        mutating func tableHeader() {
            let height = 16.0
            page.fillRectangle(x: Self.left, y: y - height, width: Self.right - Self.left, height: height, color: Self.accent)
            var x = Self.left
            for column in Self.columns {
                if column.alignRight {
                    page.text(
                        column.title, right: x + column.width - Self.cellPadding, y: y - 11, font: .helveticaBold, size: 7.5, color: .white)
                } else {
                    page.text(column.title, x: x + Self.cellPadding, y: y - 11, font: .helveticaBold, size: 7.5, color: .white)
                }
                x += column.width
            }
            y -= height
        }

        mutating func table() {
            reserve(16 + 30)
            tableHeader()
            let available = Self.top - 30 - 16 - Self.bottom
            for line in order.lines {
                var rowCells = cells(for: line)
                // A description longer than a page is cut rather than overflowing the page.
                let maximumLines = Int((available - 2 * Self.cellPadding) / Self.tableLeading)
                for index in rowCells.indices where rowCells[index].lines.count > maximumLines {
                    rowCells[index].lines = Array(rowCells[index].lines.prefix(maximumLines - 1)) + ["…"]
                }
                let rows = rowCells.map(\.lines.count).max() ?? 1
                let height = Double(rows) * Self.tableLeading + 2 * Self.cellPadding
                reserve(height, tableHeader: true)
                var x = Self.left
                for (column, cell) in zip(Self.columns, rowCells) {
                    var lineY = y - Self.cellPadding - 7.5
                    for (index, text) in cell.lines.enumerated() {
                        let color = index > 0 && cell.secondaryMuted ? Self.muted : PDFColor.black
                        if column.alignRight {
                            page.text(
                                text, right: x + column.width - Self.cellPadding, y: lineY, font: .helvetica, size: Self.tableSize,
                                color: color)
                        } else {
                            page.text(text, x: x + Self.cellPadding, y: lineY, font: .helvetica, size: Self.tableSize, color: color)
                        }
                        lineY -= Self.tableLeading
                    }
                    x += column.width
                }
                y -= height
                page.line(from: (Self.left, y), to: (Self.right, y), width: 0.4, color: Self.rule)
            }
        }

        struct Cell {
            var lines: [String]
            /// Lines after the first are secondary (the buyer's part number).
            var secondaryMuted = false
        }

        func cells(for line: PurchaseOrderLine) -> [Cell] {
            func fit(_ text: String, _ column: Int) -> [String] {
                wrap(text, font: .helvetica, size: Self.tableSize, width: Self.columns[column].width - 2 * Self.cellPadding)
            }
            var part = fit(line.supplierPartID, 1)
            if let buyerPartID = line.buyerPartID { part += fit("Buyer: \(buyerPartID)", 1) }
            return [
                Cell(lines: [String(line.lineNumber)]), Cell(lines: part, secondaryMuted: true), Cell(lines: fit(line.description, 2)),
                Cell(lines: [String(line.quantity)]), Cell(lines: [line.unit.code]), Cell(lines: [amount(line.unitPrice)]),
                Cell(lines: [line.requestedDeliveryDate?.iso ?? ""]), Cell(lines: fit(line.costCentre ?? "", 7)),
                Cell(lines: [amount(line.lineTotal)]),
            ]
        }

        mutating func totals() {
            var rows: [(String, FixedDecimal, Bool)] = [("Subtotal", order.subtotal, false)]
            if let shipping = order.shipping { rows.append(("Shipping: \(shipping.description)", shipping.amount, false)) }
            if let tax = order.tax { rows.append(("Tax: \(tax.description)", tax.amount, false)) }
            rows.append(("Total \(order.currency.code)", order.total, true))
            reserve(Double(rows.count) * 14 + 20)
            y -= 14
            let labelX = Self.right - 240
            for (label, value, isTotal) in rows {
                let font: StandardFont = isTotal ? .helveticaBold : .helvetica
                let size = isTotal ? 10.5 : 9
                if isTotal {
                    page.line(from: (labelX, y + 10), to: (Self.right, y + 10), width: 0.8, color: Self.accent)
                    y -= 3
                }
                let fitted = wrap(label, font: font, size: size, width: 160).first ?? label
                page.text(fitted, x: labelX, y: y, font: font, size: size)
                page.text(amount(value), right: Self.right - Self.cellPadding, y: y, font: font, size: size)
                y -= 14
            }
            y -= 10
        }

        mutating func termsAndConditions() {
            guard !order.terms.isEmpty else { return }
            reserve(40)
            page.text("Terms and conditions", x: Self.left, y: y, font: .helveticaBold, size: 9, color: Self.accent)
            y -= 13
            for paragraph in order.terms {
                for line in wrap(paragraph, font: .helvetica, size: 8, width: Self.right - Self.left) {
                    reserve(10)
                    page.text(line, x: Self.left, y: y, font: .helvetica, size: 8)
                    y -= 10
                }
                y -= 4
            }
        }

        /// The pages with their footers, now that their count is known.
        mutating func finishedPages() -> [PDFPage] {
            pages.append(page)
            page = PDFPage()
            let count = pages.count
            return pages.enumerated().map { index, page in
                var page = page
                let footerY = 32.0
                page.line(from: (Self.left, footerY + 10), to: (Self.right, footerY + 10), width: 0.4, color: Self.rule)
                let reference = "\(order.number.text) · version \(order.version) · \(order.buyer.name) to \(order.supplier.name)"
                let fitted = wrap(reference, font: .helvetica, size: 7.5, width: 400).first ?? ""
                page.text(fitted, x: Self.left, y: footerY, font: .helvetica, size: 7.5, color: Self.muted)
                page.text("Page \(index + 1) of \(count)", right: Self.right, y: footerY, font: .helvetica, size: 7.5, color: Self.muted)
                return page
            }
        }

        func wrap(_ text: String, font: StandardFont, size: Double, width: Double) -> [String] {
            PurchaseOrderPDF.wrap(text, font: font, size: size, width: width)
        }

        func amount(_ value: FixedDecimal) -> String { PurchaseOrderPDF.amount(value) }
    }
}
