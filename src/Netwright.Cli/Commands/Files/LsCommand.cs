using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Netwright.Services.Files;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Files;

/// <summary><c>netwright ls ENDPOINT [PATH]</c>: lists a folder on a file server.</summary>
internal static class LsCommand
{
    public static Command Create(CliConsole console)
    {
        var endpoint = new Argument<string>("endpoint") { Description = "The file server: HOST:PORT or unix:///path.sock" };
        var path = new Argument<string?>("path") { Description = "Folder or file on the server (default: the root)", Arity = ArgumentArity.ZeroOrOne };
        var recursive = new Option<bool>("--recursive", "-R") { Description = "List the whole tree" };
        var shared = new ClientOptionSet();
        var command = new Command("ls", "List a folder on `netwright serve files`: type, size, modification time (UTC) and name.\n\n" +
            "Examples:\n" +
            "  netwright ls localhost:9021\n" +
            "  netwright ls localhost:9021 photos -R --json")
        {
            endpoint, path, recursive,
        };
        shared.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                var options = shared.Read(parseResult);
                await using var client = await FileTransferClient.ConnectAsync(NetEndPoint.Parse(parseResult.GetValue(endpoint)!), options, cancellationToken);
                var entries = await client.ListAsync(parseResult.GetValue(path), parseResult.GetValue(recursive), cancellationToken);
                foreach (var entry in entries)
                {
                    console.Out.WriteLine(parseResult.GetValue(shared.Json)
                        ? JsonSerializer.Serialize(new Dictionary<string, object>
                        {
                            ["name"] = entry.Name,
                            ["type"] = entry.IsDirectory ? "dir" : "file",
                            ["size"] = entry.Size,
                            ["modified"] = entry.Modified.ToString("o", CultureInfo.InvariantCulture),
                        })
                        : string.Create(CultureInfo.InvariantCulture, $"{(entry.IsDirectory ? "d" : "-")} {entry.Size,14} {entry.Modified.UtcDateTime:yyyy-MM-dd HH:mm:ss} {entry.Name}{(entry.IsDirectory ? "/" : "")}"));
                }

                return ExitCodes.Success;
            }
            catch (Exception ex) when (FileCommandErrors.IsReportable(ex) && !cancellationToken.IsCancellationRequested)
            {
                return FileCommandErrors.Report(console, ex);
            }
        });
        return command;
    }
}
