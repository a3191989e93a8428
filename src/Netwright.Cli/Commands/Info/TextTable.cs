using System.Text;

namespace Netwright.Cli.Commands.Info;

/// <summary>Writes rows of text as left-aligned columns separated by two spaces; the last column is not padded.</summary>
internal sealed class TextTable
{
    private readonly List<string[]> _rows = [];
    private readonly int _columns;

    public TextTable(params string[] header)
    {
        _columns = header.Length;
        if (header.Any(h => h.Length > 0))
        {
            _rows.Add(header);
        }
    }

    public static TextTable KeyValue() => new(string.Empty, string.Empty);

    public TextTable Add(params string[] cells)
    {
        if (cells.Length != _columns)
        {
            throw new ArgumentException($"Expected {_columns} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public void WriteTo(TextWriter writer)
    {
        var widths = new int[_columns];
        foreach (var row in _rows)
        {
            for (var i = 0; i < _columns; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var line = new StringBuilder();
        foreach (var row in _rows)
        {
            line.Clear();
            for (var i = 0; i < _columns; i++)
            {
                line.Append(i == _columns - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }

            writer.WriteLine(line.ToString().TrimEnd());
        }
    }
}
