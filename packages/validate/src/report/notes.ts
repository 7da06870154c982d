import type { ValidationReport } from '../validate.js';

/**
 * A warning per text or code field with cells Excel may have cut short (FieldReport.lossyNumbers):
 * the most common way an ID column goes wrong, and one the rules cannot always see (a number of
 * 16 digits still passes a length rule). For the text and HTML reports.
 */
export function lossyNotes(report: ValidationReport, en = false): string[] {
    return Object.entries(report.fields).filter(([, f]) => f.lossyNumbers).map(([path, f]) => en
        ? `note: ${f.lossyNumbers} cells of ${path} (${f.label}) are numbers of 16 digits or more, or in scientific notation (1.10105E+17): Excel keeps 15 significant digits, so their last digits may be lost. Format the column as text in Excel, then enter or export it again.`
        : `注意：字段 ${path}（${f.label}）有 ${f.lossyNumbers} 个单元格是 16 位以上的数值或科学计数法（如 1.10105E+17）：Excel 只保留 15 位有效数字，末几位可能已经丢失。请在 Excel 中把该列设为“文本”格式后重新录入，或从源系统重新导出。`);
}
