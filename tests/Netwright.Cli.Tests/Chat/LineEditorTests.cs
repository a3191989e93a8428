using Netwright.Cli.Commands.Chat;

namespace Netwright.Cli.Tests.Chat;

public sealed class LineEditorTests
{
    [Fact]
    public void TextPrintedAboveLeavesTheLineBeingTypedIntactBelowIt()
    {
        var screen = new StringWriter();
        var editor = new LineEditor(screen, "> ", () => 80);
        Type(editor, "hel");
        screen.GetStringBuilder().Clear();

        editor.PrintAbove("<bob> hi");

        Assert.Equal("\r\u001b[K<bob> hi\r\n\r\u001b[K> hel", screen.ToString());
        Assert.Equal("hel", editor.Text);
        Type(editor, "lo");
        Assert.Equal("hello", editor.Handle(Key(ConsoleKey.Enter, '\r')));
        Assert.Equal(string.Empty, editor.Text);
    }

    [Fact]
    public void EditingKeysMoveTheCursorAndTheRedrawPutsItBack()
    {
        var screen = new StringWriter();
        var editor = new LineEditor(screen, "> ", () => 80);
        Type(editor, "helo world");
        editor.Handle(Key(ConsoleKey.Home, '\0'));
        for (var i = 0; i < 3; i++)
        {
            editor.Handle(Key(ConsoleKey.RightArrow, '\0'));
        }

        Type(editor, "l");
        screen.GetStringBuilder().Clear();
        editor.Handle(Key(ConsoleKey.W, '\u0017', control: true));

        Assert.Equal("o world", editor.Text);
        Assert.Equal(0, editor.Cursor);
        Assert.EndsWith("> o world\u001b[7D", screen.ToString(), StringComparison.Ordinal);
        editor.Handle(Key(ConsoleKey.End, '\0'));
        editor.Handle(Key(ConsoleKey.Backspace, '\b'));
        editor.Handle(Key(ConsoleKey.U, '\u0015', control: true));
        Assert.Equal(string.Empty, editor.Text);
    }

    [Fact]
    public void ALongLineScrollsSidewaysInsteadOfWrapping()
    {
        var screen = new StringWriter();
        var editor = new LineEditor(screen, "> ", () => 20);
        Type(editor, new string('x', 40));
        var lastDraw = screen.ToString()[(screen.ToString().LastIndexOf('\r') + 4)..];
        Assert.Equal("> " + new string('x', 17), lastDraw);
    }

    [Fact]
    public void ControlCharactersFromTheServerCannotReachTheTerminal()
    {
        Assert.Equal("a\u00b7[2Jb c", LineEditor.Sanitize("a\u001b[2Jb\tc"));
    }

    private static void Type(LineEditor editor, string text)
    {
        foreach (var c in text)
        {
            Assert.Null(editor.Handle(Key(ConsoleKey.A, c)));
        }
    }

    private static ConsoleKeyInfo Key(ConsoleKey key, char c, bool control = false) => new(c, key, shift: false, alt: false, control);
}
