export * from './types';
export { selectPracticeItem, successProbability, type PracticeCandidate, type SelectPracticeInput } from './select-practice-item';
export { quizEstimate, updateProficiencyFromQuiz, describeMove, POPULATION_PRIOR } from './proficiency';
export { startQuiz, submitQuizResponse, getQuiz, type StartQuizInput, type StartQuizOutput, type SubmitQuizResponseInput, type QuizView } from './quiz-use-cases';
