using System.Text.Json;

namespace Netwright.Packaging.Tests;

/// <summary>
/// The packed library needs only the base runtime: a console program that references the <c>Netwright</c>
/// package names no framework but <c>Microsoft.NETCore.App</c>, and runs on a .NET installation that has
/// nothing else (no ASP.NET Core shared framework).
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class LibraryPackageTests(PackageWorkspace workspace)
{
    private static readonly TimeSpan s_buildLimit = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan s_runLimit = TimeSpan.FromSeconds(60);

    private const string Program = """
        using Netwright.Clients;
        using Netwright.Servers;
        using Netwright.Streams;
        using Netwright.Transport;

        await using var server = new NetServer();
        server.Listen(NetEndPoint.Parse("tcp://127.0.0.1:0"), ConnectionHandler.Create(async (session, ct) =>
        {
            while (await session.ReadLineAsync(ct) is { } line)
            {
                await session.WriteLineAsync(line.ToUpperInvariant(), ct);
            }
        }));
        await server.StartAsync();
        await using (var connection = await NetClient.ConnectAsync(server.EndPoints[0]))
        {
            using var session = new StreamSession(connection);
            await session.WriteLineAsync(Console.ReadLine() ?? "");
            Console.WriteLine(await session.ReadLineAsync());
        }

        await server.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
        """;

    [Fact]
    public async Task AProgramOnThePackedLibraryNeedsOnlyTheBaseRuntimeAndEchoesOverLoopback()
    {
        var project = workspace.CreateFolder("consumer");
        await File.WriteAllTextAsync(Path.Combine(project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Netwright" Version="{PackageWorkspace.Version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), Program);
        var output = Path.Combine(project, "out");

        (await ToolRun.RunAsync("dotnet", ["build", Path.Combine(project, "Consumer.csproj"), "-o", output], workspace, s_buildLimit)).EnsureSuccess();

        // The package came from this build's feed, not from a copy of the same version elsewhere on the machine.
        var restored = await File.ReadAllTextAsync(Path.Combine(workspace.RestoredPackage("Netwright"), ".nupkg.metadata"));
        Assert.Equal(workspace.Feed, JsonDocument.Parse(restored).RootElement.GetProperty("source").GetString()?.TrimEnd('/'));

        using var config = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "Consumer.runtimeconfig.json")));
        var options = config.RootElement.GetProperty("runtimeOptions");
        Assert.False(options.TryGetProperty("frameworks", out _), options.ToString());
        Assert.Equal("Microsoft.NETCore.App", options.GetProperty("framework").GetProperty("name").GetString());

        var run = await ToolRun.RunAsync(BaseRuntimeOnly.CreateHost(workspace), [Path.Combine(output, "Consumer.dll")], workspace, s_runLimit, input: "hello from a package\n");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("HELLO FROM A PACKAGE\n", run.Out);
    }
}
