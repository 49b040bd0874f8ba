using Workflow.Access;

namespace Workflow.IntegrationTests;

/// <summary>Named authors of changes, as the access gate gives them (a person's sign-in and display name).</summary>
internal static class TestAuthors
{
    public static Author Organiser { get; } = new("tochuc@demo.local", "Trần Thị Tổ Chức");

    public static Author Officer { get; } = new("canbo.haichau@demo.local", "Lê Văn Cán Bộ");
}
