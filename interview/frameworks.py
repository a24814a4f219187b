"""The answer frameworks an own question can start from: each a list of steps with
guidance, prompts and a word range, in the guide format's own terms (StepData)."""

from __future__ import annotations

from .guide_format import StepData

SITUATION = StepData(
    "Situation",
    "Set the scene in two or three sentences: where you were, what your role was "
    "and why it mattered.",
    ("Where were you working, and what was your role?", "What made it hard?"),
    (30, 60),
    "context",
)
TASK = StepData(
    "Task",
    "Say what you were responsible for: the goal, and what success would look like.",
    ("What were you asked to do?", "What was at stake if it failed?"),
    (20, 50),
    "context",
)
ACTION = StepData(
    "Action",
    "Describe what you did, step by step. Say 'I', not 'we': this is the heart of "
    "the answer.",
    ("What did you do first, and why?", "Which choice was yours alone?"),
    (60, 120),
    "approach",
)
RESULT = StepData(
    "Result",
    "Say how it ended, with a number if you can, and what it changed.",
    ("What changed because of what you did?", "Can you measure it?"),
    (30, 70),
    "outcome",
)
CHALLENGE = StepData(
    "Challenge",
    "Name the challenge or problem you faced and why it mattered.",
    ("What was the problem?", "Who did it affect?"),
    (30, 60),
    "context",
)
PROBLEM = StepData(
    "Problem",
    "Describe the problem: what was wrong, and for whom.",
    ("What was going wrong?", "Why did it need solving now?"),
    (30, 60),
    "context",
)
OBJECTIVE = StepData(
    "Objective",
    "Say what you set out to achieve, and how you would know you had.",
    ("What was the goal?", "How would success be measured?"),
    (20, 50),
    "context",
)
LEARNING = StepData(
    "Learning",
    "Close with what you learned and what you would do the same, or differently, "
    "next time.",
    ("What did this teach you?", "What would you do differently?"),
    (20, 50),
    "reflection",
)

# Keyed by the names guide_format.FRAMEWORKS uses for a guide's Framework line.
FRAMEWORK_STEPS: dict[str, tuple[StepData, ...]] = {
    "STAR": (SITUATION, TASK, ACTION, RESULT),
    "CAR": (CHALLENGE, ACTION, RESULT),
    "SOAR": (SITUATION, OBJECTIVE, ACTION, RESULT),
    "PAR": (PROBLEM, ACTION, RESULT),
    "Context-Approach-Outcome-Learning": (
        StepData("Context", SITUATION.guidance, SITUATION.prompts, (30, 60), "context"),
        StepData("Approach", ACTION.guidance, ACTION.prompts, (60, 120), "approach"),
        StepData("Outcome", RESULT.guidance, RESULT.prompts, (30, 70), "outcome"),
        LEARNING,
    ),
}
