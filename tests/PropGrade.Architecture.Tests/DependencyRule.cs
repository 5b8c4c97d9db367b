using System.Reflection;
using NetArchTest.Rules;

namespace PropGrade.Architecture.Tests;

/// <summary>
/// "No type of <see cref="Subject"/> depends on anything in <see cref="Forbidden"/>" (namespace prefixes, ours or a
/// library's), with a project that does depend on one of them (<see cref="KnownViolator"/>) to show the rule can fail.
/// </summary>
public sealed record DependencyRule(string Name, Layer Subject, string[] Forbidden, Func<Assembly> KnownViolator)
{
    /// <summary>The types of <paramref name="assembly"/> that break the rule, each with what it depends on; empty when it holds.</summary>
    public IReadOnlyList<string> Offenders(Assembly assembly)
    {
        var byPrefix = Forbidden.ToDictionary(
            prefix => prefix,
            prefix => (Types.InAssembly(assembly).ShouldNot().HaveDependencyOn(prefix).GetResult().FailingTypeNames ?? []).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
        return [.. byPrefix.Values.SelectMany(types => types).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(type => $"{type} -> {string.Join(", ", Forbidden.Where(prefix => byPrefix[prefix].Contains(type)))}")];
    }

    /// <summary>The failure message: the rule, then every offending type and what it reaches for.</summary>
    public string Describe(IReadOnlyList<string> offenders) =>
        $"{Name}: {offenders.Count} type(s) of {Subject} depend on {string.Join(" / ", Forbidden)}:{Environment.NewLine}  "
        + string.Join(Environment.NewLine + "  ", offenders);

    public override string ToString() => Name;
}
