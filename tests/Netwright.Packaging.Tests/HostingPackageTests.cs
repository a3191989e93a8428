using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Netwright.Packaging.Tests;

/// <summary>
/// A worker service on the packed <c>Netwright.Hosting</c>: a Generic Host project that takes the hosting package from
/// the packed folder (and <c>Microsoft.Extensions.Hosting</c> from the machine's packages, offline), registers its own
/// protocol with <c>AddNetwrightServer</c>, configures the listener in <c>appsettings.json</c>, and answers over it.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class HostingPackageTests(PackageWorkspace workspace)
{
    private static readonly TimeSpan s_buildLimit = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan s_runLimit = TimeSpan.FromSeconds(60);

    private const string Program = """
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;
        using Netwright.Hosting;
        using Netwright.Protocols;

        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddSingleton<Shout>();
        builder.Services.AddNetwrightServer().AddProtocol<ShoutProtocol>("shout");
        using var host = builder.Build();
        await host.StartAsync();
        // The listener is bound once StartAsync returns; stdin closing is the test's way to stop the worker.
        Console.WriteLine("ready");
        await Console.In.ReadToEndAsync();
        await host.StopAsync();

        internal sealed class Shout
        {
            public string Loud(string line) => line.ToUpperInvariant() + "!";
        }

        internal sealed class ShoutProtocol(Shout shout) : LineProtocol
        {
            public override void OnLineReceived(string line) => SendLine(shout.Loud(line));
        }
        """;

    [Fact]
    public async Task AWorkerOnThePackedHostingPackageServesItsOwnProtocolFromConfiguration()
    {
        var project = workspace.CreateFolder("worker");
        var socketPath = Path.Combine(project, "shout.sock");
        await File.WriteAllTextAsync(Path.Combine(project, "Worker.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Worker">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Netwright.Hosting" Version="{PackageWorkspace.Version}" />
                <PackageReference Include="Microsoft.Extensions.Hosting" Version="{PackageWorkspace.ExtensionsVersion}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), Program);
        await File.WriteAllTextAsync(Path.Combine(project, "appsettings.json"), $$"""
            {
              "Logging": { "LogLevel": { "Default": "Warning" } },
              "Netwright": { "Listeners": [ { "Endpoint": "unix://{{socketPath}}", "Handler": "shout" } ] }
            }
            """);
        var output = Path.Combine(project, "out");

        (await ToolRun.RunAsync("dotnet", ["build", Path.Combine(project, "Worker.csproj"), "-o", output], workspace, s_buildLimit)).EnsureSuccess();
        Assert.True(Directory.Exists(workspace.RestoredPackage("Netwright.Hosting")), "Netwright.Hosting was not restored from the packed folder");

        var start = workspace.StartInfo("dotnet", [Path.Combine(output, "Worker.dll")]);
        // The host reads appsettings.json from its content root, the working directory.
        start.WorkingDirectory = output;
        using var worker = Process.Start(start) ?? throw new InvalidOperationException("the worker did not start");
        var stderr = worker.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(s_runLimit);
        try
        {
            var ready = await worker.StandardOutput.ReadLineAsync(limit.Token);
            Assert.True(ready == "ready", $"the worker said '{ready}'; stderr: {(worker.HasExited ? await stderr : "")}");

            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), limit.Token);
            await socket.SendAsync(Encoding.ASCII.GetBytes("hello from a worker\n"), limit.Token);
            Assert.Equal("HELLO FROM A WORKER!\n", await ReadLineAsync(socket, limit.Token));
        }
        finally
        {
            worker.StandardInput.Close();
            try
            {
                await worker.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                // Reported below as a failed exit; throwing here would hide the assertion that failed above.
                worker.Kill(entireProcessTree: true);
            }
        }

        await worker.WaitForExitAsync().WaitAsync(s_runLimit);
        Assert.True(worker.ExitCode == 0, $"the worker exited with {worker.ExitCode}: {await stderr}");
    }

    private static async Task<string> ReadLineAsync(Socket socket, CancellationToken cancellationToken)
    {
        var received = new StringBuilder();
        var buffer = new byte[256];
        while (!received.ToString().EndsWith('\n'))
        {
            var count = await socket.ReceiveAsync(buffer, cancellationToken);
            if (count == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, count));
        }

        return received.ToString();
    }
}
