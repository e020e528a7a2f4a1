var builder = DistributedApplication.CreateBuilder(args);

var receiver = builder.AddProject<Projects.ReceiverAspNet>("receiver")
    .WithHttpEndpoint();

builder.AddInstinctiveNotesSimulator<Projects.Simulator_Web>("insim")
    .WithReceiver(receiver, "/webhooks")
    .WithClockSpeed(3600);

builder.Build().Run();
