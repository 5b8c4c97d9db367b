using System.Text.Json.Nodes;
using PropGrade.Aws.Tests.Peers;

namespace PropGrade.Cdk.Tests;

/// <summary>The real CLI path: <c>cdk synth</c> (cdk.json → dotnet run) offline, then asl-validator on the definition.</summary>
public sealed class CdkCliSynthTests
{
    [Fact]
    [Trait("Category", "Integration")]
    public async Task CdkSynth_Offline_ProducesATemplateWhoseDefinitionPassesAslValidator()
    {
        var outDir = Directory.CreateTempSubdirectory("propgrade-cdkout-").FullName;
        try
        {
            var synth = await NodeTool.RunAsync(
                RepoPaths.Peer("cdk"),
                ["synth", "--no-notices", "--no-version-reporting", "--quiet", "--output", outDir, "-c", "maxConcurrency=3", "--app", AppCommand()],
                RepoPaths.Root,
                TimeSpan.FromMinutes(4),
                new Dictionary<string, string> { ["CDK_DISABLE_VERSION_CHECK"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" });
            Assert.True(synth.ExitCode == 0, "cdk synth failed: " + synth.Stderr);
            var templatePath = Path.Combine(outDir, "PropGrade.template.json");
            Assert.True(File.Exists(templatePath), "no template in " + outDir);

            var definitionPath = Path.Combine(outDir, "definition.asl.json");
            var resolve = await NodeTool.RunAsync(
                "node", [Path.Combine(RepoPaths.Harness, "resolve-definition.cjs"), templatePath, definitionPath],
                RepoPaths.Root, TimeSpan.FromSeconds(30));
            Assert.True(resolve.ExitCode == 0, resolve.Stderr);
            var definition = JsonNode.Parse(await File.ReadAllTextAsync(definitionPath))!;
            // The run sizes its workers (MaxConcurrencyPath); maxConcurrency caps them through the functions' settings.
            Assert.Equal("$.workers", (string?)definition["States"]!["GradeAgents"]!["MaxConcurrencyPath"]);
            Assert.Equal("$.discoveryWorkers", (string?)definition["States"]!["DiscoverMarkets"]!["MaxConcurrencyPath"]);

            var validate = await NodeTool.RunAsync(
                RepoPaths.Peer("asl-validator"), ["--json-path", definitionPath], RepoPaths.Root, TimeSpan.FromSeconds(60));
            Assert.True(validate.ExitCode == 0, "asl-validator: " + validate.Stdout + validate.Stderr);
            Assert.Contains("is valid", validate.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    /// <summary>cdk.json's app command without its build step: the test build has compiled the CDK app already.</summary>
    private static string AppCommand()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        return $"dotnet run --no-build -c {configuration} --project cdk/PropGrade.Cdk";
    }
}
