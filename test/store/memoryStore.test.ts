import { openMemoryStore } from '../../store/openStore.js';
import { storeContract } from './contract.js';

storeContract('memory store', { open: async () => openMemoryStore() });
