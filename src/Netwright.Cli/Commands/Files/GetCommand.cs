using System.CommandLine;
using Netwright.Services.Files;
using Netwright.Transport;

namespace Netwright.Cli.Commands.Files;

/// <summary><c>netwright get NAME... --from ENDPOINT</c>: downloads files and folder trees; a rerun resumes.</summary>
internal static class GetCommand
{
    public static Command Create(CliConsole console)
    {
        var names = new Argument<string[]>("name") { Description = "Files or folders on the server", Arity = ArgumentArity.OneOrMore };
        var from = new Option<string>("--from") { Description = "The file server: HOST:PORT or unix:///path.sock", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Folder to save into (default: the current folder)", DefaultValueFactory = _ => "." };
        var shared = new ClientOptionSet();
        var command = new Command("get", "Fetch files or folder trees from `netwright serve files`; each file is verified before it appears\n" +
            "under its name here. Interrupted? Run the same command again: it resumes.\n\n" +
            "Examples:\n" +
            "  netwright get report.pdf --from localhost:9021\n" +
            "  netwright get photos --from 10.0.0.5:9021 -o ~/Downloads --token s3cret")
        {
            names, from, output,
        };
        shared.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                var options = shared.Read(parseResult);
                var endpoint = NetEndPoint.Parse(parseResult.GetValue(from)!);
                await using var client = await FileTransferClient.ConnectAsync(endpoint, options, cancellationToken);
                var wanted = parseResult.GetValue(names)!;
                long total = 0;
                foreach (var name in wanted)
                {
                    var entry = await client.StatAsync(name, cancellationToken);
                    total += entry.IsDirectory ? (await client.ListAsync(name, recursive: true, cancellationToken)).Sum(e => e.Size) : entry.Size;
                }

                var view = new TransferOutput(console, parseResult.GetValue(shared.Json), "got");
                await view.RunAsync(total, progress => client.GetAsync(wanted, parseResult.GetValue(output)!, progress, cancellationToken));
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
