using System.CommandLine;
using PropGrade.Cli.Output;

namespace PropGrade.Cli.Commands.Bench;

/// <summary>
/// <c>propgrade bench exports [--rows 100000] [--max-rows-per-sheet N] [--dir DIR]</c>: writes graded.csv, graded.xlsx
/// and summary.json of N synthetic rows through the file export store and prints time, rows/s, sizes, peak RSS and
/// peak managed heap. Exit 0 when written, 2 for bad flags.
/// </summary>
internal static class ExportBenchCommand
{
    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Synthetic graded rows to export", DefaultValueFactory = _ => 100_000 };
        var maxRows = new Option<int?>("--max-rows-per-sheet") { Description = "Rows per XLSX sheet, header included (default: Excel's 1,048,576)" };
        var dir = new Option<string?>("--dir") { Description = "Where the files are written (default: a temp dir, removed afterwards)" };
        var command = new Command("exports", "Time and memory of writing the exports (CSV + XLSX) of N rows.") { rows, maxRows, dir };
        command.SetAction(async (parse, ct) =>
        {
            var count = parse.GetValue(rows);
            var limit = parse.GetValue(maxRows);
            if (count is < 0 or > 50_000_000 || limit is < 2 or > Core.Exports.ExportOptions.ExcelMaxRowsPerSheet)
            {
                await System.Console.Error.WriteLineAsync($"error: --rows must be 0..50000000 (got {count}); --max-rows-per-sheet 2..1048576 (got {limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"}).");
                return ExitCodes.BadInput;
            }

            var temp = parse.GetValue(dir) is null;
            var path = Path.GetFullPath(parse.GetValue(dir) ?? Directory.CreateTempSubdirectory("propgrade-bench-exports-").FullName);
            try
            {
                var options = new Core.Exports.ExportOptions { MaxRowsPerSheet = limit ?? Core.Exports.ExportOptions.ExcelMaxRowsPerSheet };
                await new ExportBench(count, options, path, System.Console.Out).RunAsync(ct);
                return ExitCodes.Succeeded;
            }
            finally
            {
                if (temp)
                {
                    Directory.Delete(path, recursive: true);
                }
            }
        });
        return command;
    }
}
