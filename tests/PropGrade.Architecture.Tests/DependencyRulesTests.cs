using System.Reflection;

namespace PropGrade.Architecture.Tests;

/// <summary>
/// The dependency rules of the architecture guide (shared/ARCHITECTURE.md: "Core depends on nothing of ours; adapters
/// depend on Core; entry points (Functions, Cli, Cdk) compose adapters"), checked on the built assemblies. Each rule is
/// also run against a project known to break it, so a rule that could never fail (a misspelt namespace, a predicate
/// that matches nothing) fails here instead of passing silently.
/// </summary>
public sealed class DependencyRulesTests
{
    private static readonly string[] Ours = [.. Layer.All.Select(l => l.Namespace)];

    private static string[] OursExcept(params Layer[] allowed) => [.. Ours.Except(allowed.Select(l => l.Namespace))];

    private static string[] EntryPointNamespaces => [.. Layer.EntryPoints.Select(l => l.Namespace)];

    /// <summary>This assembly breaks "nothing depends on an entry point" on purpose (<see cref="Violations.EntryPointClient"/>).</summary>
    private static Assembly ThisAssembly() => typeof(Violations.EntryPointClient).Assembly;

    public static readonly DependencyRule[] Rules =
    [
        new("Core knows no AWS", Layer.Core, ["Amazon"], () => Layer.Aws.Load()),
        new("Core knows no HTTP server", Layer.Core, ["Microsoft.AspNetCore"], () => Layer.Local.Load()),
        new("Core knows no SQLite", Layer.Core, ["Microsoft.Data.Sqlite", "SQLitePCL"], () => Layer.Local.Load()),
        new("Core knows no simulator", Layer.Core, [Layer.Simulator.Namespace], () => Layer.Local.Load()),
        new("Core knows no file-system adapters (nor anything else of ours)", Layer.Core, OursExcept(Layer.Core), () => Layer.Functions.Load()),
        new("The simulator knows nothing of ours", Layer.Simulator, OursExcept(Layer.Simulator), () => Layer.Local.Load()),
        new("ListingApi knows no Local, Aws, Functions, simulator or CLI", Layer.ListingApi,
            [Layer.Local.Namespace, Layer.Aws.Namespace, Layer.Functions.Namespace, Layer.Simulator.Namespace, Layer.Cli.Namespace, Layer.Cdk.Namespace], () => Layer.Functions.Load()),
        new("Functions never use Local (nor the simulator or the CLI)", Layer.Functions,
            [Layer.Local.Namespace, Layer.Simulator.Namespace, Layer.Cli.Namespace, "Microsoft.Data.Sqlite"], () => Layer.Cli.Load()),
        new("The AWS adapters know no local adapters", Layer.Aws,
            [Layer.Local.Namespace, Layer.Simulator.Namespace, Layer.ListingApi.Namespace, "Microsoft.Data.Sqlite", "Microsoft.AspNetCore"], () => Layer.Cli.Load()),
        // The agents index is one SQLite adapter shared by the local host and the AWS Runs Lambda (which reads a /tmp copy of
        // the S3 object): it knows Core and SQLite, nothing of either host, so Local and Aws can both use it.
        new("The agents index knows only Core (no Local, AWS, HTTP server or listing client)", Layer.AgentIndex,
            [.. OursExcept(Layer.Core, Layer.AgentIndex), "Amazon", "Microsoft.AspNetCore"], () => Layer.Local.Load()),
        new("The local adapters know no AWS", Layer.Local, [Layer.Aws.Namespace, "Amazon"], () => Layer.Functions.Load()),
        // The CDK app names the Functions' handlers as "PropGrade.Functions::Type::Handler" strings (HandlerNames), which
        // NetArchTest reads as a dependency on that namespace: Functions is left out of this rule, the others are not.
        new("The CDK app deploys the code without linking it", Layer.Cdk, OursExcept(Layer.Cdk, Layer.Functions), () => Layer.Functions.Load()),
        new("Core depends on no entry point", Layer.Core, EntryPointNamespaces, ThisAssembly),
        new("ListingApi depends on no entry point", Layer.ListingApi, EntryPointNamespaces, ThisAssembly),
        new("The simulator depends on no entry point", Layer.Simulator, EntryPointNamespaces, ThisAssembly),
        new("Local depends on no entry point", Layer.Local, EntryPointNamespaces, ThisAssembly),
        new("The agents index depends on no entry point", Layer.AgentIndex, EntryPointNamespaces, ThisAssembly),
        new("Aws depends on no entry point", Layer.Aws, EntryPointNamespaces, ThisAssembly),
        new("Functions depends on no other entry point", Layer.Functions, [Layer.Cli.Namespace, Layer.Cdk.Namespace], ThisAssembly),
        new("The CLI depends on no other entry point", Layer.Cli, [Layer.Functions.Namespace, Layer.Cdk.Namespace], ThisAssembly),
    ];

    public static TheoryData<DependencyRule> AllRules => [.. Rules];

    [Theory]
    [MemberData(nameof(AllRules))]
    public void Rule_OnItsProject_Holds(DependencyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var offenders = rule.Offenders(rule.Subject.Load());

        Assert.True(offenders.Count == 0, rule.Describe(offenders));
    }

    [Theory]
    [MemberData(nameof(AllRules))]
    public void Rule_OnAProjectThatBreaksIt_FailsNamingTheOffendingTypes(DependencyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var offenders = rule.Offenders(rule.KnownViolator());

        Assert.NotEmpty(offenders);
        Assert.All(offenders, o => Assert.Matches(@"^\S+ -> \S", o));
        Assert.Contains(offenders[0].Split(" -> ")[0], rule.Describe(offenders), StringComparison.Ordinal);
    }

    [Fact]
    public void EntryPoints_AreTheOnlyExecutables()
    {
        // Cli and Functions build executables (Functions only for the local cold-start probe), Cdk is `cdk.json`'s app.
        var executables = Layer.All.Where(l => l.Load().EntryPoint is not null).Select(l => l.Namespace).Order(StringComparer.Ordinal);

        Assert.Equal(Layer.EntryPoints.Select(l => l.Namespace).Order(StringComparer.Ordinal), executables);
    }
}
