using System.Diagnostics;

namespace Netwright.Testing;

/// <summary>Start descriptions for the processes tests run (<c>dotnet</c>, installed tools): no library types, so every test project can use it.</summary>
public static class DotnetProcesses
{
    /// <summary>Describes <paramref name="file"/> run with <paramref name="args"/> in <paramref name="workingDirectory"/>, every stream redirected, without the SDK's telemetry notice or logo.</summary>
    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> args, string workingDirectory)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
    }
}
