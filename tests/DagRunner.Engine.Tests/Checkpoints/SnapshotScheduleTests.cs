using System.IO;
using DagRunner.Engine.Checkpoints;
using Xunit;

namespace DagRunner.Engine.Tests.Checkpoints
{
    public class SnapshotScheduleTests
    {
        [Fact]
        public void ASnapshotIsDue_OnceTheJournalOutgrowsFourTimesTheLastOne_AndNeverUnder64KB()
        {
            var schedule = new SnapshotSchedule();
            schedule.Written(1_000);

            Assert.False(schedule.IsDue(64 * 1024), "a small snapshot still waits for 64 KB of journal");
            Assert.True(schedule.IsDue(64 * 1024 + 1));

            schedule.Written(100_000);
            Assert.False(schedule.IsDue(400_000));
            Assert.True(schedule.IsDue(400_001));
            Assert.Equal((2, 101_000L), (schedule.Writes, schedule.Bytes));
        }

        [Fact]
        public void AfterASnapshotThatFailed_TheNextIsDueOnlyOnceTheJournalHasDoubled_AndOneWrittenClearsTheFailure()
        {
            var schedule = new SnapshotSchedule();
            schedule.Written(1_000);
            var full = new IOException("No space left on device");

            schedule.Failed(full, 300_000);

            Assert.Same(full, schedule.Failure);
            Assert.False(schedule.IsDue(300_001), "not every turn on a full disk");
            Assert.False(schedule.IsDue(600_000));
            Assert.True(schedule.IsDue(600_001));

            schedule.Written(2_000);
            Assert.Null(schedule.Failure);
            Assert.Equal(2, schedule.Writes);
            Assert.True(schedule.IsDue(64 * 1024 + 1), "a snapshot written ends the wait");
        }
    }
}
