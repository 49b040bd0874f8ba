using Workflow.LocalHost;

var app = LocalHostApp.Build(args);
app.Run();
