using Netwright.Errors;
using Netwright.Naming;

namespace Netwright.Tests.Naming;

public sealed class ServiceDatabaseTests
{
    private const string Sample = """
        # Network services, Internet style
        tcpmux          1/tcp                           # TCP port service multiplexer

        http            80/tcp          www             # WorldWideWeb HTTP
        domain          53/tcp
        domain          53/udp
        www-alt         80/tcp
        imap2           143/tcp         imap
        """;

    [Fact]
    public void ParseReadsNamesPortsProtocolsAndAliases()
    {
        var database = ServiceDatabase.Parse(Sample);

        Assert.Equal(6, database.Entries.Count);
        var http = database.Entries[1];
        Assert.Equal(new ServiceEntry("http", 80, "tcp", http.Aliases), http);
        Assert.Equal(["www"], http.Aliases);
        Assert.Empty(database.Entries[0].Aliases);
        Assert.Equal("text", database.Source);
    }

    [Fact]
    public void AliasesAndNamesResolveCaseInsensitively()
    {
        var database = ServiceDatabase.Parse(Sample);

        Assert.Equal(80, database.GetPort("www"));
        Assert.Equal(80, database.GetPort("HTTP", "TCP"));
        Assert.Equal(143, database.GetPort("imap"));
        Assert.True(database.TryGetPort("domain", "udp", out var port));
        Assert.Equal(53, port);
    }

    [Fact]
    public void LookupIsPerProtocol()
    {
        var database = ServiceDatabase.Parse(Sample);

        Assert.False(database.TryGetPort("http", "udp", out var port));
        Assert.Equal(0, port);
        Assert.Null(database.GetName(80, "udp"));
    }

    [Fact]
    public void FirstEntryForAPortIsItsName()
    {
        var database = ServiceDatabase.Parse(Sample);

        Assert.Equal("http", database.GetName(80));
        Assert.Equal("domain", database.GetName(53, "udp"));
        Assert.Null(database.GetName(81));
    }

    [Fact]
    public void UnknownServiceThrowsNamingIt()
    {
        var ex = Assert.Throws<UnknownServiceException>(() => ServiceDatabase.Parse(Sample).GetPort("gopher"));

        Assert.Contains("'gopher'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("tcp", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http", "line 1 'http': expected NAME PORT/PROTOCOL")]
    [InlineData("http 80", "'80' is not PORT/PROTOCOL")]
    [InlineData("http 80/", "'80/' is not PORT/PROTOCOL")]
    [InlineData("# c\nhttp x/tcp", "line 2 'http x/tcp': 'x' is not a port number 0-65535")]
    [InlineData("http 70000/tcp", "'70000' is not a port number 0-65535")]
    [InlineData("http -1/tcp", "'-1' is not a port number")]
    public void MalformedLinesGiveFormatExceptionWithLineNumber(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => ServiceDatabase.Parse(text));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyTextGivesAnEmptyDatabase()
    {
        var database = ServiceDatabase.Parse("# nothing here\n\n");

        Assert.Empty(database.Entries);
        Assert.Null(database.GetName(80));
    }

    [Theory]
    [InlineData("echo", "tcp", 7)]
    [InlineData("echo", "udp", 7)]
    [InlineData("discard", "udp", 9)]
    [InlineData("daytime", "tcp", 13)]
    [InlineData("ftp-data", "tcp", 20)]
    [InlineData("ftp", "tcp", 21)]
    [InlineData("ssh", "tcp", 22)]
    [InlineData("telnet", "tcp", 23)]
    [InlineData("smtp", "tcp", 25)]
    [InlineData("time", "udp", 37)]
    [InlineData("domain", "udp", 53)]
    [InlineData("gopher", "tcp", 70)]
    [InlineData("finger", "tcp", 79)]
    [InlineData("www", "tcp", 80)]
    [InlineData("pop3", "tcp", 110)]
    [InlineData("nntp", "tcp", 119)]
    [InlineData("ntp", "udp", 123)]
    [InlineData("imap2", "tcp", 143)]
    [InlineData("snmp", "udp", 161)]
    [InlineData("ldap", "tcp", 389)]
    [InlineData("https", "tcp", 443)]
    [InlineData("submission", "tcp", 587)]
    [InlineData("imaps", "tcp", 993)]
    [InlineData("pop3s", "tcp", 995)]
    public void BuiltInTableHasTheClassicServices(string name, string protocol, int port)
    {
        Assert.Equal(port, ServiceDatabase.BuiltIn.GetPort(name, protocol));
    }

    [Fact]
    public void BuiltInTableNamesPortsBack()
    {
        Assert.Equal("http", ServiceDatabase.BuiltIn.GetName(80));
        Assert.Equal("imap", ServiceDatabase.BuiltIn.GetName(143));
        Assert.Equal("built-in", ServiceDatabase.BuiltIn.Source);
    }

    [Fact]
    public void SystemDatabaseIsTheFileWhenReadableElseTheBuiltInTable()
    {
        var system = ServiceDatabase.System;

        Assert.Same(system, ServiceDatabase.System);
        if (File.Exists("/etc/services"))
        {
            Assert.Equal("/etc/services", system.Source);
        }
        else
        {
            Assert.Same(ServiceDatabase.BuiltIn, system);
        }

        Assert.Equal(80, system.GetPort("http"));
    }

    [Fact]
    public void GetNameRejectsPortsOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ServiceDatabase.BuiltIn.GetName(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ServiceDatabase.BuiltIn.GetName(65536));
    }

    [Fact]
    public void MissingFileFallsBackToTheBuiltInTable()
    {
        var path = Path.Combine(Path.GetTempPath(), $"netwright-no-services-{Guid.NewGuid():N}");

        Assert.Same(ServiceDatabase.BuiltIn, ServiceDatabase.Load(path));
    }

    [Fact]
    public void FileWithoutEntriesFallsBackToTheBuiltInTable()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "# only a comment\n");

            Assert.Same(ServiceDatabase.BuiltIn, ServiceDatabase.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadedFileSkipsMalformedLinesAndNamesItsSource()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "broken\nmyproto 4242/tcp mp # mine\nbad x/tcp\n");

            var database = ServiceDatabase.Load(path);

            Assert.Equal(path, database.Source);
            Assert.Equal(4242, database.GetPort("mp"));
            Assert.Single(database.Entries);
            var ex = Assert.Throws<UnknownServiceException>(() => database.GetPort("http"));
            Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
