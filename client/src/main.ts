import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import './ui/forms.css';
import { registerServiceWorker } from './offline/register.ts';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

export default mount(App, { target });
registerServiceWorker();
