#pragma warning disable IDE0130 // The namespace is the point: a type "of the CLI" that the test assembly can name.
namespace PropGrade.Cli;
#pragma warning restore IDE0130

/// <summary>Stands in for a CLI type in <see cref="PropGrade.Architecture.Tests.Violations.EntryPointClient"/> (the CLI's own types are internal).</summary>
internal sealed class ArchitectureStandIn;
