using Xunit.Abstractions;
using Xunit.Sdk;

namespace Netwright.HostileTests.Infrastructure;

/// <summary>Runs a class's test cases in display-name order, so theory rows that start with the same target run together.</summary>
public sealed class ByDisplayNameOrderer : ITestCaseOrderer
{
    /// <summary>The orderer's type name, for <see cref="TestCaseOrdererAttribute"/>.</summary>
    public const string TypeName = "Netwright.HostileTests.Infrastructure.ByDisplayNameOrderer";

    /// <summary>The assembly's name, for <see cref="TestCaseOrdererAttribute"/>.</summary>
    public const string AssemblyName = "Netwright.HostileTests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase => testCases.OrderBy(c => c.DisplayName, StringComparer.Ordinal);
}
