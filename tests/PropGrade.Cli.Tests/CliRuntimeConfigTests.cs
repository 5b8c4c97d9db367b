using System.Text.Json;

namespace PropGrade.Cli.Tests;

/// <summary>The GC settings the run's memory figures depend on ship in <c>propgrade.runtimeconfig.json</c>.</summary>
public sealed class CliRuntimeConfigTests
{
    [Fact]
    public void RuntimeConfig_OfTheCli_CarriesTheGen0BudgetAndConserveMemory()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "propgrade.runtimeconfig.json")));
        var properties = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        // The names the runtime reads from a runtimeconfig (GC.GetConfigurationVariables() shows GCGen0MaxBudget = 16 MB
        // with it; "GCgen0size" there is ignored).
        Assert.Equal(16 * 1024 * 1024, properties.GetProperty("System.GC.Gen0MaxBudget").GetInt32());
        Assert.Equal(9, properties.GetProperty("System.GC.ConserveMemory").GetInt32());
    }
}
