// Drives a running Librarian through the official Ollama clients, as chat tools use them: ollama-js and
// LangChain's @langchain/ollama. Prints one line per check and exits 1 if any check fails.
//
//   node ollama-clients.mjs [url]     url defaults to $LIBRARIAN_URL, then http://127.0.0.1:9621
//   LIBRARIAN_API_KEY=…               sent as "Authorization: Bearer …", as Open WebUI sends it
import { Ollama } from 'ollama';
import { ChatOllama } from '@langchain/ollama';

const url = process.argv[2] ?? process.env.LIBRARIAN_URL ?? 'http://127.0.0.1:9621';
const model = process.env.LIBRARIAN_MODEL ?? 'librarian:latest';
const key = process.env.LIBRARIAN_API_KEY;
const headers = key ? { Authorization: `Bearer ${key}` } : undefined;
const ollama = new Ollama({ host: url, headers });

let failures = 0;

async function check(name, run) {
  try {
    await run();
    console.log(`ok - ${name}`);
  } catch (e) {
    failures++;
    console.log(`not ok - ${name}: ${e?.stack ?? e}`);
  }
}

function expect(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

/** Runs `run`, which must fail with an HTTP status and a message the user can read. */
async function expectRefusal(run, status, text) {
  let error;
  try {
    await run();
  } catch (e) {
    error = e;
  }
  expect(error, `expected a refusal containing "${text}", got an answer`);
  const message = String(error.error ?? error.message);
  expect(message.includes(text), `the user sees "${message}", not a message containing "${text}"`);
  if (status !== undefined) {
    expect(error.status_code === status, `status ${error.status_code}, expected ${status}`);
  }
}

await check('ollama-js list names the model', async () => {
  const { models } = await ollama.list();
  expect(models.some((m) => m.name === model), `models: ${JSON.stringify(models.map((m) => m.name))}`);
});

await check('ollama-js show gives context length and capabilities', async () => {
  const shown = await ollama.show({ model });
  const arch = shown.model_info['general.architecture'];
  expect(shown.model_info[`${arch}.context_length`] > 0, `model_info: ${JSON.stringify(shown.model_info)}`);
  expect(shown.capabilities.includes('completion'), `capabilities: ${shown.capabilities}`);
  expect(!shown.capabilities.includes('tools'), 'tools are not offered');
});

await check('ollama-js show of another model is a 404 with a reason', () =>
  expectRefusal(() => ollama.show({ model: 'no-such-model' }), 404, 'not found'));

await check('ollama-js chat, whole answer', async () => {
  const answer = await ollama.chat({ model, stream: false, messages: [{ role: 'user', content: '/bypass Say hello' }] });
  expect(answer.done && answer.message.role === 'assistant', JSON.stringify(answer));
  expect(answer.message.content.length > 0, 'an empty answer');
});

await check('ollama-js chat, streamed', async () => {
  const stream = await ollama.chat({ model, stream: true, messages: [{ role: 'user', content: '/bypass Say hello' }] });
  let content = '';
  let last;
  for await (const part of stream) {
    content += part.message.content;
    last = part;
  }
  expect(last?.done, 'no closing done line');
  expect(content.length > 0, 'an empty answer');
});

await check('ollama-js chat with a mode prefix answers from the library', async () => {
  const answer = await ollama.chat({ model, stream: false, messages: [{ role: 'user', content: '/local Who is who here?' }] });
  expect(answer.done && answer.message.content.length > 0, JSON.stringify(answer));
});

await check('ollama-js generate, whole and streamed', async () => {
  const whole = await ollama.generate({ model, stream: false, prompt: '/bypass Say hello' });
  expect(whole.done && whole.response.length > 0, JSON.stringify(whole));
  const stream = await ollama.generate({ model, stream: true, prompt: '/bypass Say hello' });
  let text = '';
  for await (const part of stream) {
    text += part.response;
  }
  expect(text.length > 0, 'an empty streamed answer');
});

await check('ollama-js load-model calls', async () => {
  const chat = await ollama.chat({ model, messages: [] });
  expect(chat.done_reason === 'load', JSON.stringify(chat));
  const generate = await ollama.generate({ model, prompt: '' });
  expect(generate.done_reason === 'load', JSON.stringify(generate));
});

await check('ollama-js tools are refused with a reason', () =>
  expectRefusal(() => ollama.chat({
    model, stream: false, messages: [{ role: 'user', content: 'What is the weather?' }],
    tools: [{ type: 'function', function: { name: 'weather', description: 'weather', parameters: { type: 'object', properties: {} } } }],
  }), 400, 'does not support tools'));

await check('ollama-js bad request shows its reason', () =>
  expectRefusal(() => ollama.chat({ model, stream: false, messages: [{ role: 'assistant', content: 'hi' }] }),
    400, 'Last message must be from user role'));

const chatModel = new ChatOllama({ baseUrl: url, model, headers });

await check('LangChain ChatOllama invoke', async () => {
  const answer = await chatModel.invoke('/bypass Say hello');
  expect(typeof answer.content === 'string' && answer.content.length > 0, JSON.stringify(answer));
});

await check('LangChain ChatOllama stream', async () => {
  let content = '';
  for await (const chunk of await chatModel.stream('/bypass Say hello')) {
    content += chunk.content;
  }
  expect(content.length > 0, 'an empty streamed answer');
});

await check('LangChain withStructuredOutput is refused with a reason', () =>
  expectRefusal(() => chatModel.withStructuredOutput({
    type: 'object', properties: { name: { type: 'string' } }, required: ['name'],
  }).invoke('Who is the main character?'), undefined, 'does not support'));

console.log(failures === 0 ? 'all Ollama client checks passed' : `${failures} Ollama client check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
