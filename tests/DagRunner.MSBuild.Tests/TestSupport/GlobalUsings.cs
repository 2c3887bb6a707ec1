// Shared helpers (the fake build engine, platform-conditional facts) are used by tests in every folder.
global using DagRunner.MSBuild.Tests.TestSupport;
